//! Stage 2: the impl block as the rules see it: its coordination methods, its private methods
//! and what each allows.

use syn::ext::IdentExt;
use syn::{ImplItem, ImplItemFn, ItemImpl, Type, Visibility};

use super::attr;
use crate::diag::Diagnostics;
use crate::rule::Rule;

/// One `#[orchestrate]` impl block.
pub(crate) struct Block<'a> {
    /// The user's block, as written.
    pub item: &'a ItemImpl,
    /// The self type's name, for messages (`Processing`).
    pub name: String,
    /// The rules allowed on the block.
    pub allow: Vec<Rule>,
    /// Every method of the block, in order.
    pub methods: Vec<Method<'a>>,
}

/// One method of the block.
pub(crate) struct Method<'a> {
    /// The method as written.
    pub func: &'a ImplItemFn,
    /// The method's name, without `r#`.
    pub name: String,
    /// A `pub fn` with a `self` receiver.
    pub coordination: bool,
    /// The rules allowed on the method, by `#[orchestrate(allow(...))]` on it or on the block.
    pub allow: Vec<Rule>,
}

impl<'a> Block<'a> {
    /// Builds the model; `allow` are the block's allowed rules. Reports the misuse of
    /// `#[orchestrate]` on a method and a `const fn` coordination method (its readiness guard
    /// runs when it is called).
    pub(crate) fn new(item: &'a ItemImpl, allow: Vec<Rule>, errors: &mut Diagnostics) -> Self {
        let methods = item
            .items
            .iter()
            .filter_map(|item| match item {
                ImplItem::Fn(func) => Some(func),
                _ => None,
            })
            .map(|func| {
                let mut method_allow = attr::method_allows(&func.attrs, errors);
                method_allow.extend(allow.iter().copied());
                let name = func.sig.ident.unraw().to_string();
                let coordination = is_coordination(func);
                if let Some(constness) = func.sig.constness.as_ref().filter(|_| coordination) {
                    errors.at(
                        constness,
                        format!(
                            "coordination method `{name}` cannot be `const fn`: its readiness guard runs when it is called. \
                             help: remove `const`, or make the method private (only `pub fn` with `self` are coordination methods)"
                        ),
                    );
                }
                Method { func, name, coordination, allow: method_allow }
            })
            .collect();
        Block { item, name: type_name(&item.self_ty), allow, methods }
    }

    /// The coordination methods that do not allow `rule`.
    pub(crate) fn checked(&self, rule: Rule) -> impl Iterator<Item = &Method<'a>> {
        self.methods.iter().filter(move |m| m.coordination && !m.allows(rule))
    }

    /// The private (not `pub`) methods.
    pub(crate) fn private(&self) -> impl Iterator<Item = &Method<'a>> {
        self.methods.iter().filter(|m| !matches!(m.func.vis, Visibility::Public(_)))
    }
}

impl Method<'_> {
    /// Whether the method (or its block) allows `rule`.
    pub(crate) fn allows(&self, rule: Rule) -> bool {
        self.allow.contains(&rule)
    }
}

/// A coordination method: a `pub fn` with a `self` receiver.
pub(crate) fn is_coordination(func: &ImplItemFn) -> bool {
    matches!(func.vis, Visibility::Public(_)) && func.sig.receiver().is_some()
}

/// The last path segment of the self type, for messages.
fn type_name(ty: &Type) -> String {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.unraw().to_string()),
        Type::Group(group) => Some(type_name(&group.elem)),
        Type::Paren(paren) => Some(type_name(&paren.elem)),
        _ => None,
    }
    .unwrap_or_else(|| quote::ToTokens::to_token_stream(ty).to_string())
}
