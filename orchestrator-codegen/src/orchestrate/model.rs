//! Stage 2: the impl block as the rules see it: its coordination methods, its private methods
//! and what each allows.
//!
//! A coordination method is a method with a `self` receiver that is visible outside the block:
//! `pub`, `pub(crate)`, `pub(super)` or `pub(in path)`. An event handler is a method marked
//! `#[orchestrate(on_event)]`, whatever its visibility. The rules check every coordination
//! method and event handler except test-only code: a method under `#[cfg(test)]`. (A
//! `#[cfg(..)]` on the block itself is evaluated by the compiler before the attribute runs, and
//! never reaches it.)

use syn::ext::IdentExt;
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, ImplItem, ImplItemFn, ItemImpl, Meta, ReturnType, Token, Type, Visibility};

use super::attr::{self, ClientArg};
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
    /// `client`: the client trait asked for.
    pub client: Option<ClientArg>,
}

/// One method of the block.
pub(crate) struct Method<'a> {
    /// The method as written.
    pub func: &'a ImplItemFn,
    /// The method's name, without `r#`.
    pub name: String,
    /// A method with a `self` receiver visible outside the block ([`is_coordination`]).
    pub coordination: bool,
    /// Compiled only in tests: `#[cfg(test)]` on the method. The rules do not check it (it is
    /// no product coordination); it is guarded like any other method.
    pub test_only: bool,
    /// The rules allowed on the method, by `#[orchestrate(allow(...))]` on it or on the block.
    pub allow: Vec<Rule>,
    /// `#[orchestrate(on_event)]`: an event handler (the key, for spans).
    pub on_event: Option<Ident>,
    /// `#[orchestrate(local)]`: kept out of the client (the key, for spans).
    pub local: Option<Ident>,
}

impl<'a> Block<'a> {
    /// Builds the model; `allow` are the block's allowed rules. Reports the misuse of
    /// `#[orchestrate]` on a method and a `const fn` coordination method (its readiness guard
    /// runs when it is called).
    pub(crate) fn new(
        item: &'a ItemImpl,
        allow: Vec<Rule>,
        client: Option<ClientArg>,
        errors: &mut Diagnostics,
    ) -> Self {
        let methods = item
            .items
            .iter()
            .filter_map(|item| match item {
                ImplItem::Fn(func) => Some(func),
                _ => None,
            })
            .map(|func| {
                let args = attr::method_args(&func.attrs, errors);
                let mut method_allow = args.allow;
                method_allow.extend(allow.iter().copied());
                let name = func.sig.ident.unraw().to_string();
                let coordination = is_coordination(func);
                if let Some(constness) = func.sig.constness.as_ref().filter(|_| coordination) {
                    errors.at(
                        constness,
                        format!(
                            "coordination method `{name}` cannot be `const fn`: its readiness guard runs when it is called. \
                             help: remove `const`, or make the method private (a method with `self` visible outside the block is a coordination method)"
                        ),
                    );
                }
                let test_only = is_test_only(&func.attrs);
                let (on_event, local) = (args.on_event, args.local);
                Method { func, name, coordination, test_only, allow: method_allow, on_event, local }
            })
            .collect();
        Block { item, name: type_name(&item.self_ty), allow, methods, client }
    }

    /// The coordination methods and event handlers that `rule` checks: not test-only, not
    /// allowing it.
    pub(crate) fn checked(&self, rule: Rule) -> impl Iterator<Item = &Method<'a>> {
        self.methods.iter().filter(move |m| (m.coordination || m.on_event.is_some()) && !m.test_only && !m.allows(rule))
    }

    /// The private methods: those not visible outside the block.
    pub(crate) fn private(&self) -> impl Iterator<Item = &Method<'a>> {
        self.methods.iter().filter(|m| !is_visible(&m.func.vis))
    }
}

impl Method<'_> {
    /// Whether the method (or its block) allows `rule`.
    pub(crate) fn allows(&self, rule: Rule) -> bool {
        self.allow.contains(&rule)
    }
}

/// A coordination method: a method with a `self` receiver that is visible outside the block
/// (`pub`, `pub(crate)`, `pub(super)`, `pub(in path)`). The expansion guards exactly these.
pub(crate) fn is_coordination(func: &ImplItemFn) -> bool {
    is_visible(&func.vis) && func.sig.receiver().is_some()
}

/// Whether `vis` makes a method visible outside its impl block: any `pub` form but `pub(self)`
/// (and `pub(in self)`), which are private.
fn is_visible(vis: &Visibility) -> bool {
    match vis {
        Visibility::Public(_) => true,
        Visibility::Restricted(restricted) => !restricted.path.is_ident("self"),
        Visibility::Inherited => false,
    }
}

/// Whether `attrs` compile the item only in tests: a `#[cfg(..)]` whose predicate requires
/// `test` (`test`, or `all(..)` with such a predicate among its terms).
fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| match &attr.meta {
        Meta::List(list) if list.path.is_ident("cfg") => list.parse_args::<Meta>().is_ok_and(|m| requires_test(&m)),
        _ => false,
    })
}

/// Whether the cfg predicate `meta` holds only when `test` does.
fn requires_test(meta: &Meta) -> bool {
    match meta {
        Meta::Path(path) => path.is_ident("test"),
        Meta::List(list) if list.path.is_ident("all") => list
            .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
            .is_ok_and(|terms| terms.iter().any(requires_test)),
        _ => false,
    }
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

/// The return type when it is a `Result` (its path's last segment is `Result`).
pub(crate) fn result_type(output: &ReturnType) -> Option<&Type> {
    let ReturnType::Type(_, ty) = output else { return None };
    let mut inner: &Type = ty;
    while let Type::Group(group) = inner {
        inner = &group.elem;
    }
    match inner {
        Type::Path(path) if path.path.segments.last().is_some_and(|s| s.ident == "Result") => Some(ty),
        _ => None,
    }
}
