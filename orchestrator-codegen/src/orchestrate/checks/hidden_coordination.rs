//! `hidden_coordination`: a coordination method hands its steps to a private method of the
//! block that calls components, directly or through other private methods. A component call is
//! `self.<field>.<method>(..)` or `Type::method(&self.<field>, ..)`; a call of a private method
//! is `self.m(..)`, `(*self).m(..)`, `Self::m(self, ..)`, `Shop::m(self, ..)` or
//! `<Self>::m(self, ..)`. A private method no coordination method calls (the register hook) is
//! not a coordination step, and is not reported.

use std::collections::BTreeSet;

use syn::visit::Visit;
use syn::{Expr, ExprCall, ExprMethodCall, ExprPath, Macro, Type, UnOp};

use super::body::{is_self, walk_macro};
use crate::diag::Diagnostics;
use crate::orchestrate::model::Block;
use crate::rule::Rule;

const REASON: &str = "the coordination hides from the public method, where a reader looks for it";

/// Reports every call, in a coordination method, of a private method that calls components.
pub(crate) fn check(block: &Block<'_>, errors: &mut Diagnostics) {
    let private: BTreeSet<&str> =
        block.private().filter(|m| !m.allows(Rule::HiddenCoordination)).map(|m| m.name.as_str()).collect();
    if private.is_empty() {
        return;
    }
    // Which private methods call components, directly or through other private methods.
    let scans: Vec<(&str, Scan)> = block
        .private()
        .filter(|m| private.contains(m.name.as_str()))
        .map(|m| (m.name.as_str(), Scan::of(&m.func.block, &block.name, &private)))
        .collect();
    let mut hiding: BTreeSet<&str> = scans.iter().filter(|(_, s)| s.components).map(|(n, _)| *n).collect();
    loop {
        let before = hiding.len();
        for (name, scan) in &scans {
            if scan.calls.iter().any(|(callee, _)| hiding.contains(callee.as_str())) {
                hiding.insert(name);
            }
        }
        if hiding.len() == before {
            break;
        }
    }
    for method in block.checked(Rule::HiddenCoordination) {
        for (callee, call) in Scan::of(&method.func.block, &block.name, &private).calls {
            if hiding.contains(callee.as_str()) {
                let what = format!(
                    "coordination method `{}` hands its steps to private method `{callee}`, which calls components",
                    method.name
                );
                let fix = format!("call the components from `{}` itself (inline `{callee}`)", method.name);
                errors.at(call, Rule::HiddenCoordination.message(&what, REASON, &fix));
            }
        }
    }
}

/// What one body does: whether it calls a component, and which private methods it calls.
struct Scan<'p> {
    /// The self type's name (`Shop`), which names the block's methods as `Self` does.
    owner: &'p str,
    private: &'p BTreeSet<&'p str>,
    components: bool,
    calls: Vec<(String, proc_macro2::TokenStream)>,
}

impl<'p> Scan<'p> {
    fn of(body: &syn::Block, owner: &'p str, private: &'p BTreeSet<&'p str>) -> Self {
        let mut scan = Scan { owner, private, components: false, calls: Vec::new() };
        scan.visit_block(body);
        scan
    }

    /// Whether `ty` is the block's self type: `Self` or its name.
    fn is_owner(&self, ty: &Type) -> bool {
        match ty {
            Type::Path(path) => {
                path.qself.is_none()
                    && path.path.segments.last().is_some_and(|s| s.ident == "Self" || s.ident == self.owner)
            }
            Type::Paren(paren) => self.is_owner(&paren.elem),
            Type::Group(group) => self.is_owner(&group.elem),
            _ => false,
        }
    }

    /// The private method that `path` names through the self type: `Self::m`, `Shop::m`,
    /// `crate::Shop::m`, `Shop::<T>::m`, `<Self>::m` (not `<Self as Trait>::m`).
    fn own_private(&self, path: &ExprPath) -> Option<String> {
        let segments = &path.path.segments;
        let method = syn::ext::IdentExt::unraw(&segments.last()?.ident).to_string();
        let own = match &path.qself {
            Some(qself) => qself.as_token.is_none() && segments.len() == 1 && self.is_owner(&qself.ty),
            None => segments.iter().rev().nth(1).is_some_and(|s| s.ident == "Self" || s.ident == self.owner),
        };
        (own && self.private.contains(method.as_str())).then_some(method)
    }
}

/// Whether `expr` is `self.<field>` (or deeper: `self.a.b`), possibly borrowed or dereferenced.
fn is_self_field(expr: &Expr) -> bool {
    match expr {
        Expr::Field(field) => is_self(&field.base) || is_self_field(&field.base),
        Expr::Paren(paren) => is_self_field(&paren.expr),
        Expr::Group(group) => is_self_field(&group.expr),
        Expr::Reference(reference) => is_self_field(&reference.expr),
        Expr::Unary(unary) if matches!(unary.op, UnOp::Deref(_)) => is_self_field(&unary.expr),
        _ => false,
    }
}

impl<'ast> Visit<'ast> for Scan<'_> {
    fn visit_expr_method_call(&mut self, node: &'ast ExprMethodCall) {
        if is_self_field(&node.receiver) {
            self.components = true;
        } else if is_self(&node.receiver) {
            let name = syn::ext::IdentExt::unraw(&node.method).to_string();
            if self.private.contains(name.as_str()) {
                self.calls.push((name, quote::ToTokens::to_token_stream(node)));
            }
        }
        syn::visit::visit_expr_method_call(self, node);
    }

    fn visit_expr_call(&mut self, node: &'ast ExprCall) {
        if let Expr::Path(path) = &*node.func {
            if let Some(name) = self.own_private(path) {
                // `Self::helper(self, ..)`, `Shop::helper(self, ..)`
                self.calls.push((name, quote::ToTokens::to_token_stream(node)));
            } else if path.path.segments.len() >= 2 && node.args.first().is_some_and(is_self_field) {
                // `Store::put(&mut self.store, ..)`: a component's method, called by its path
                self.components = true;
            }
        }
        syn::visit::visit_expr_call(self, node);
    }

    fn visit_macro(&mut self, node: &'ast Macro) {
        walk_macro(self, node);
    }
}
