//! `hidden_coordination`: a coordination method hands its steps to a private method of the
//! block that calls components (`self.<field>.<method>(..)`), directly or through other
//! private methods. A private method no coordination method calls (the register hook) is not
//! a coordination step, and is not reported.

use std::collections::BTreeSet;

use syn::visit::Visit;
use syn::{Expr, ExprCall, ExprMethodCall, Macro};

use super::body::{is_self, macro_exprs};
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
        .map(|m| (m.name.as_str(), Scan::of(&m.func.block, &private)))
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
        for (callee, call) in Scan::of(&method.func.block, &private).calls {
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
    private: &'p BTreeSet<&'p str>,
    components: bool,
    calls: Vec<(String, proc_macro2::TokenStream)>,
}

impl<'p> Scan<'p> {
    fn of(body: &syn::Block, private: &'p BTreeSet<&'p str>) -> Self {
        let mut scan = Scan { private, components: false, calls: Vec::new() };
        scan.visit_block(body);
        scan
    }
}

/// Whether `expr` is `self.<field>` (or deeper: `self.a.b`).
fn is_self_field(expr: &Expr) -> bool {
    match expr {
        Expr::Field(field) => is_self(&field.base) || is_self_field(&field.base),
        Expr::Paren(paren) => is_self_field(&paren.expr),
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
        // `Self::helper(self, ..)`
        if let Expr::Path(path) = &*node.func {
            let segments: Vec<String> = path.path.segments.iter().map(|s| s.ident.to_string()).collect();
            if let [first, name] = &segments[..]
                && first == "Self"
                && self.private.contains(name.as_str())
            {
                self.calls.push((name.clone(), quote::ToTokens::to_token_stream(node)));
            }
        }
        syn::visit::visit_expr_call(self, node);
    }

    fn visit_macro(&mut self, node: &'ast Macro) {
        for expr in macro_exprs(node) {
            self.visit_expr(&expr);
        }
    }
}
