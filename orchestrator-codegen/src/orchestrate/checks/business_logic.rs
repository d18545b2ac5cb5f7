//! `business_logic`: a loop (`for`, `while`, `loop`) or arithmetic (`+ - * / %` and their
//! assignments) in a coordination method. Closures and nested fns in the body count.

use syn::visit::Visit;
use syn::{BinOp, ExprBinary, ExprForLoop, ExprLoop, ExprWhile, Macro};

use super::body::macro_exprs;
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
        let kind = match node.op {
            BinOp::Add(_) | BinOp::Sub(_) | BinOp::Mul(_) | BinOp::Div(_) | BinOp::Rem(_) => Some("arithmetic"),
            BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_)
            | BinOp::RemAssign(_) => Some("compound assignment"),
            _ => None,
        };
        if let Some(kind) = kind {
            let op = quote::ToTokens::to_token_stream(&node.op).to_string().replace(' ', "");
            self.report(&node.op, &format!("{kind} `{op}`"), "move the computation into a component method");
        }
        syn::visit::visit_expr_binary(self, node);
    }

    fn visit_macro(&mut self, node: &'ast Macro) {
        for expr in macro_exprs(node) {
            self.visit_expr(&expr);
        }
    }
}
