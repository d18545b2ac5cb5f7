//! `complex_conditional`: a coordination method with more than 4 branches in one `if` /
//! `else if` chain or one `match`.

use syn::visit::Visit;
use syn::{Expr, ExprIf, ExprMatch, Macro};

use super::body::walk_macro;
use crate::diag::Diagnostics;
use crate::orchestrate::model::Block;
use crate::rule::Rule;

/// The most branches a coordination method's conditional may have.
pub(crate) const MAX_BRANCHES: usize = 4;

const REASON: &str = "an orchestrator sequences its components; deciding between this many cases is business logic";
const FIX: &str = "move the decision into a component (a router or strategy) and call it";

/// Reports every `if` chain and `match` of a coordination method with more than 4 branches.
pub(crate) fn check(block: &Block<'_>, errors: &mut Diagnostics) {
    for method in block.checked(Rule::ComplexConditional) {
        let mut finder = Finder { method: &method.name, errors: &mut *errors };
        finder.visit_block(&method.func.block);
    }
}

struct Finder<'e> {
    method: &'e str,
    errors: &'e mut Diagnostics,
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_expr_if(&mut self, node: &'ast ExprIf) {
        // One chain `if .. else if .. else ..` counts as one conditional: walk it here, so the
        // `else if` links are not counted again as chains of their own.
        let mut branches = 1;
        let mut link = node;
        loop {
            self.visit_expr(&link.cond);
            self.visit_block(&link.then_branch);
            match link.else_branch.as_ref().map(|(_, e)| &**e) {
                Some(Expr::If(next)) => {
                    branches += 1;
                    link = next;
                }
                Some(other) => {
                    branches += 1;
                    self.visit_expr(other);
                    break;
                }
                None => break,
            }
        }
        if branches > MAX_BRANCHES {
            let what = format!(
                "`if` chain with {branches} branches (more than {MAX_BRANCHES}) in coordination method `{}`",
                self.method
            );
            self.errors.at(node.if_token, Rule::ComplexConditional.message(&what, REASON, FIX));
        }
    }

    fn visit_expr_match(&mut self, node: &'ast ExprMatch) {
        let arms = node.arms.len();
        if arms > MAX_BRANCHES {
            let what =
                format!("`match` with {arms} arms (more than {MAX_BRANCHES}) in coordination method `{}`", self.method);
            self.errors.at(node.match_token, Rule::ComplexConditional.message(&what, REASON, FIX));
        }
        syn::visit::visit_expr_match(self, node);
    }

    fn visit_macro(&mut self, node: &'ast Macro) {
        walk_macro(self, node);
    }
}
