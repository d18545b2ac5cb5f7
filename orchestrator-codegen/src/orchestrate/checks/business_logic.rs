//! `business_logic`: a loop (`for`, `while`, `loop`), arithmetic (`+ - * / %`) or a bit
//! operation (`<< >> ^ & |`), or one of their assignments, in a coordination method.
//! Closures, nested fns, macro arguments and the bodies of `macro_rules!` defined in the method
//! count. Compile-time code does not: types (`[u8; 4 * 2]`), const generic arguments, array
//! lengths (`[0; N * 2]`), `const` and `static` items, `const { .. }` blocks.

use syn::visit::Visit;
use syn::{
    BinOp, ConstParam, Expr, ExprBinary, ExprConst, ExprForLoop, ExprLoop, ExprRepeat, ExprWhile, GenericArgument,
    ImplItemConst, ItemConst, ItemStatic, Lit, Macro, TraitItemConst, Type, UnOp, Variant,
};

use super::body::walk_macro;
use crate::diag::Diagnostics;
use crate::orchestrate::model::Block;
use crate::rule::Rule;

const REASON: &str = "an orchestrator delegates work to its components and holds no business logic";

/// Reports every loop, arithmetic and bit operator of every coordination method.
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

/// What the binary operator `node` is, when it computes: `None` for comparisons, `&&`, `||`,
/// and `& | ^` (and their assignments) between plain booleans.
fn computation(node: &ExprBinary) -> Option<&'static str> {
    match node.op {
        BinOp::Add(_) | BinOp::Sub(_) | BinOp::Mul(_) | BinOp::Div(_) | BinOp::Rem(_) => Some("arithmetic"),
        BinOp::AddAssign(_) | BinOp::SubAssign(_) | BinOp::MulAssign(_) | BinOp::DivAssign(_) | BinOp::RemAssign(_) => {
            Some("compound assignment")
        }
        BinOp::Shl(_) | BinOp::Shr(_) => Some("bit operation"),
        BinOp::ShlAssign(_) | BinOp::ShrAssign(_) => Some("compound assignment"),
        BinOp::BitXor(_) | BinOp::BitAnd(_) | BinOp::BitOr(_)
            if !is_boolean(&node.left) && !is_boolean(&node.right) =>
        {
            Some("bit operation")
        }
        BinOp::BitXorAssign(_) | BinOp::BitAndAssign(_) | BinOp::BitOrAssign(_) if !is_boolean(&node.right) => {
            Some("compound assignment")
        }
        _ => None,
    }
}

/// Whether `expr` is plainly a `bool`: `true`, a comparison, `&&` / `||`, `!x`, a call of an
/// `is_*` / `has_*` method, or `& | ^` with such an operand.
fn is_boolean(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(lit) => matches!(lit.lit, Lit::Bool(_)),
        Expr::Binary(binary) if matches!(binary.op, BinOp::BitAnd(_) | BinOp::BitOr(_) | BinOp::BitXor(_)) => {
            is_boolean(&binary.left) || is_boolean(&binary.right)
        }
        Expr::Binary(binary) => matches!(
            binary.op,
            BinOp::And(_)
                | BinOp::Or(_)
                | BinOp::Eq(_)
                | BinOp::Ne(_)
                | BinOp::Lt(_)
                | BinOp::Le(_)
                | BinOp::Gt(_)
                | BinOp::Ge(_)
        ),
        Expr::Unary(unary) => matches!(unary.op, UnOp::Not(_)),
        Expr::MethodCall(call) => {
            let name = call.method.to_string();
            name.starts_with("is_") || name.starts_with("has_")
        }
        Expr::Paren(paren) => is_boolean(&paren.expr),
        Expr::Group(group) => is_boolean(&group.expr),
        _ => false,
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
