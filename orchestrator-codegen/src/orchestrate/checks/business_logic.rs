//! `business_logic`: a loop (`for`, `while`, `loop`) or arithmetic (`+ - * / %` and their
//! assignments) in a coordination method.
//! Closures, nested fns, macro arguments and the bodies of `macro_rules!` defined in the method
//! count. Compile-time code does not: types (`[u8; 4 * 2]`), const generic arguments, array
//! lengths (`[0; N * 2]`), `const` and `static` items, `const { .. }` blocks.

use syn::visit::Visit;
use syn::{
    BinOp, ConstParam, ExprBinary, ExprConst, ExprForLoop, ExprLoop, ExprRepeat, ExprWhile, GenericArgument,
    ImplItemConst, ItemConst, ItemStatic, Macro, TraitItemConst, Type, Variant,
};

use super::body::walk_macro;
use crate::diag::Diagnostics;
use crate::orchestrate::model::Block;
use crate::rule::Rule;

const REASON: &str = "an orchestrator delegates work to its components and holds no business logic";

/// Reports every loop and arithmetic operator of every coordination method.
pub(crate) fn check(block: &Block<'_>, errors: &mut Diagnostics) {
    for method in block.checked(Rule::BusinessLogic) {
        let mut finder = Finder { method: &method.name, errors: &mut *errors };
        finder.visit_block(&method.func.block);
    }
}

struct Finder<'e> {
    method: &'e str,
    errors: &'e mut Diagnostics,
}

impl Finder<'_> {
    fn report(&mut self, tokens: &dyn quote::ToTokens, what: &str, fix: &str) {
        let what = format!("{what} in coordination method `{}`", self.method);
        self.errors.at(tokens, Rule::BusinessLogic.message(&what, REASON, fix));
    }
}

/// What the binary operator `node` is, when it computes: `None` for comparisons and logic.
fn computation(node: &ExprBinary) -> Option<&'static str> {
    match node.op {
        BinOp::Add(_) | BinOp::Sub(_) | BinOp::Mul(_) | BinOp::Div(_) | BinOp::Rem(_) => Some("arithmetic"),
        BinOp::AddAssign(_) | BinOp::SubAssign(_) | BinOp::MulAssign(_) | BinOp::DivAssign(_) | BinOp::RemAssign(_) => {
            Some("compound assignment")
        }
        _ => None,
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_expr_for_loop(&mut self, node: &'ast ExprForLoop) {
        self.report(&node.for_token, "`for` loop", "move the loop into a component method");
        syn::visit::visit_expr_for_loop(self, node);
    }

    fn visit_expr_while(&mut self, node: &'ast ExprWhile) {
        self.report(&node.while_token, "`while` loop", "move the loop into a component method");
        syn::visit::visit_expr_while(self, node);
    }

    fn visit_expr_loop(&mut self, node: &'ast ExprLoop) {
        self.report(&node.loop_token, "`loop`", "move the loop into a component method");
        syn::visit::visit_expr_loop(self, node);
    }

    fn visit_expr_binary(&mut self, node: &'ast ExprBinary) {
        if let Some(kind) = computation(node) {
            let op = quote::ToTokens::to_token_stream(&node.op).to_string().replace(' ', "");
            self.report(&node.op, &format!("{kind} `{op}`"), "move the computation into a component method");
        }
        syn::visit::visit_expr_binary(self, node);
    }

    fn visit_macro(&mut self, node: &'ast Macro) {
        walk_macro(self, node);
    }

    // Compile-time code: no run-time computation to report.

    fn visit_type(&mut self, _: &'ast Type) {}

    fn visit_generic_argument(&mut self, _: &'ast GenericArgument) {}

    fn visit_const_param(&mut self, _: &'ast ConstParam) {}

    fn visit_expr_repeat(&mut self, node: &'ast ExprRepeat) {
        // `[value; len]`: the value is computed at run time, the length is a constant.
        self.visit_expr(&node.expr);
    }

    fn visit_expr_const(&mut self, _: &'ast ExprConst) {}

    fn visit_item_const(&mut self, _: &'ast ItemConst) {}

    fn visit_item_static(&mut self, _: &'ast ItemStatic) {}

    fn visit_impl_item_const(&mut self, _: &'ast ImplItemConst) {}

    fn visit_trait_item_const(&mut self, _: &'ast TraitItemConst) {}

    fn visit_variant(&mut self, _: &'ast Variant) {}
}
