//! What the rules share to read a method body.

use syn::punctuated::Punctuated;
use syn::{Expr, Macro, Token};

/// The arguments of a macro call in a body, when they read as comma-separated expressions
/// (`println!("{}", a + b)`, `vec![a, b]`, `assert!(x)`), so the rules see into them too.
pub(crate) fn macro_exprs(mac: &Macro) -> Vec<Expr> {
    mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
        .map(|args| args.into_iter().collect())
        .unwrap_or_default()
}

/// Whether `expr` is `self` (possibly in parentheses).
pub(crate) fn is_self(expr: &Expr) -> bool {
    match expr {
        Expr::Path(path) => path.qself.is_none() && path.path.is_ident("self"),
        Expr::Paren(paren) => is_self(&paren.expr),
        Expr::Group(group) => is_self(&group.expr),
        _ => false,
    }
}
