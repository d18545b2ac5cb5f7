//! What the rules share to read a method body: the code inside macro calls, and `self`.
//!
//! A macro's arguments are tokens, not syntax; the rules see into them as far as they are
//! code that runs:
//! - a macro whose arguments are never evaluated (`stringify!`, `concat!`, `include_str!`,
//!   `env!`, ...) has nothing to check;
//! - `matches!(value, pattern if guard)` (and `assert_matches!`) evaluates its value and the
//!   guard, not the pattern;
//! - `macro_rules! m { (..) => { body } }` defined in a body is checked through its bodies, each
//!   `$x` read as a plain name, each `$( .. ),*` as its contents once;
//! - any other macro's arguments are read leniently: the comma- (or semicolon-) separated
//!   pieces that parse as expressions, with tracing's forms reduced to their expression
//!   (`%x`, `?x`, `field = x`, `target: x`).

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, Macro, Stmt, Token, UnOp};

/// Macros whose arguments are not code that runs.
const NOT_EVALUATED: [&str; 15] = [
    "stringify",
    "concat",
    "concat_bytes",
    "concat_idents",
    "include",
    "include_str",
    "include_bytes",
    "env",
    "option_env",
    "compile_error",
    "cfg",
    "line",
    "column",
    "file",
    "module_path",
];

/// Macros whose second argument is a pattern, evaluated only in its `if` guard.
const PATTERN_MACROS: [&str; 3] = ["matches", "assert_matches", "debug_assert_matches"];

/// How deep the lenient reading of one macro argument goes (`x = %y => z`).
const MAX_DEPTH: usize = 4;

/// How many pieces a lenient argument may span, for the commas of a turbofish
/// (`f::<A, B>(x)`).
const MAX_JOINED: usize = 4;

/// Visits the code of the macro call `mac` with `visitor`.
pub(crate) fn walk_macro<V>(visitor: &mut V, mac: &Macro)
where
    V: for<'ast> Visit<'ast>,
{
    if mac.path.is_ident("macro_rules") {
        for stmt in macro_rules_bodies(&mac.tokens) {
            visitor.visit_stmt(&stmt);
        }
    } else {
        for expr in macro_exprs(mac) {
            visitor.visit_expr(&expr);
        }
    }
}

/// The arguments of a macro call that are expressions evaluated at run time.
fn macro_exprs(mac: &Macro) -> Vec<Expr> {
    let name = mac.path.segments.last().map(|s| s.ident.unraw().to_string()).unwrap_or_default();
    if NOT_EVALUATED.contains(&name.as_str()) {
        return Vec::new();
    }
    let pieces = split(mac.tokens.clone());
    if PATTERN_MACROS.contains(&name.as_str()) {
        return pieces
            .into_iter()
            .enumerate()
            .flat_map(|(index, (piece, _))| if index == 1 { guard(piece) } else { expressions(piece, 0) })
            .collect();
    }
    if let Ok(args) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
        return args.into_iter().collect();
    }
    lenient(&pieces)
}

/// The top-level pieces of `tokens` between `,` and `;`, each with the separator after it.
fn split(tokens: TokenStream) -> Vec<(TokenStream, Option<TokenTree>)> {
    let mut pieces = Vec::new();
    let mut piece = Vec::new();
    for tree in tokens {
        match &tree {
            TokenTree::Punct(p) if matches!(p.as_char(), ',' | ';') => {
                pieces.push((piece.drain(..).collect(), Some(tree)));
            }
            _ => piece.push(tree),
        }
    }
    if !piece.is_empty() {
        pieces.push((piece.into_iter().collect(), None));
    }
    pieces
}

/// The expressions of `pieces`, a piece that does not read as one joined with the next few
/// (the commas of a turbofish split an expression).
fn lenient(pieces: &[(TokenStream, Option<TokenTree>)]) -> Vec<Expr> {
    let mut exprs = Vec::new();
    let mut start = 0;
    while start < pieces.len() {
        let mut joined = TokenStream::new();
        let mut next = start + 1;
        for (offset, (piece, separator)) in pieces.iter().enumerate().skip(start).take(MAX_JOINED) {
            joined.extend(piece.clone());
            let found = expressions(joined.clone(), 0);
            if !found.is_empty() {
                exprs.extend(found);
                next = offset + 1;
                break;
            }
            joined.extend(separator.clone());
        }
        start = next;
    }
    exprs
}

/// The expressions of one macro argument: itself if it parses, else the expression part of
/// tracing's `%x`, `?x`, `name: x`, `field = x` and of `pattern => handler`.
fn expressions(tokens: TokenStream, depth: usize) -> Vec<Expr> {
    if depth > MAX_DEPTH || tokens.is_empty() {
        return Vec::new();
    }
    if let Ok(expr) = syn::parse2::<Expr>(tokens.clone()) {
        return vec![expr];
    }
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let rest = |from: usize| trees.iter().skip(from).cloned().collect::<TokenStream>();
    match trees.as_slice() {
        [TokenTree::Punct(sigil), ..] if matches!(sigil.as_char(), '%' | '?') => {
            return expressions(rest(1), depth + 1);
        }
        [TokenTree::Ident(_), TokenTree::Punct(colon), ..]
            if colon.as_char() == ':' && colon.spacing() == Spacing::Alone =>
        {
            return expressions(rest(2), depth + 1);
        }
        _ => {}
    }
    if let Some(at) = find_arrow(&trees) {
        let mut exprs = expressions(trees[..at].iter().cloned().collect(), depth + 1);
        exprs.extend(expressions(rest(at + 2), depth + 1));
        return exprs;
    }
    match find_assign(&trees) {
        Some(at) => expressions(rest(at + 1), depth + 1),
        None => Vec::new(),
    }
}

/// The guard of a `pattern if guard` argument.
fn guard(tokens: TokenStream) -> Vec<Expr> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    match trees.iter().position(|t| matches!(t, TokenTree::Ident(i) if i == "if")) {
        Some(at) => expressions(trees[at + 1..].iter().cloned().collect(), 0),
        None => Vec::new(),
    }
}

fn punct(tree: Option<&TokenTree>) -> Option<(char, Spacing)> {
    match tree {
        Some(TokenTree::Punct(p)) => Some((p.as_char(), p.spacing())),
        _ => None,
    }
}

/// The index of the first top-level `=>`.
fn find_arrow(trees: &[TokenTree]) -> Option<usize> {
    (0..trees.len()).find(|&i| {
        punct(trees.get(i)) == Some(('=', Spacing::Joint)) && punct(trees.get(i + 1)).map(|p| p.0) == Some('>')
    })
}

/// The index of the first top-level `=` that is an assignment (not part of `==`, `<=`, `=>`, `+=`, ...).
fn find_assign(trees: &[TokenTree]) -> Option<usize> {
    (0..trees.len()).find(|&i| {
        let after_joint = i > 0 && punct(trees.get(i - 1)).is_some_and(|(_, spacing)| spacing == Spacing::Joint);
        let joined_next = punct(trees.get(i)) == Some(('=', Spacing::Joint))
            && matches!(punct(trees.get(i + 1)), Some(('=' | '>', _)));
        punct(trees.get(i)).is_some_and(|(c, _)| c == '=') && !after_joint && !joined_next
    })
}

/// The bodies of the rules of a `macro_rules!` definition, as statements.
fn macro_rules_bodies(tokens: &TokenStream) -> Vec<Stmt> {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut stmts = Vec::new();
    for at in 0..trees.len() {
        if let (Some(('=', Spacing::Joint)), Some(('>', _)), Some(TokenTree::Group(body))) =
            (punct(trees.get(at)), punct(trees.get(at + 1)), trees.get(at + 2))
        {
            let body = transcribed(body.stream());
            match syn::Block::parse_within.parse2(body.clone()) {
                Ok(parsed) => stmts.extend(parsed),
                Err(_) => stmts.extend(syn::parse2::<Expr>(body).ok().map(|e| Stmt::Expr(e, None))),
            }
        }
    }
    stmts
}

/// A `macro_rules!` body as plain code: `$x` becomes `x`, `$( .. ) sep rep` its contents once.
fn transcribed(tokens: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let is_repetition = |tree: Option<&TokenTree>| punct(tree).is_some_and(|(c, _)| matches!(c, '*' | '+' | '?'));
    let mut out = Vec::new();
    let mut at = 0;
    while at < trees.len() {
        match (&trees[at], trees.get(at + 1)) {
            (TokenTree::Punct(dollar), Some(TokenTree::Ident(name))) if dollar.as_char() == '$' => {
                out.push(TokenTree::Ident(name.clone()));
                at += 2;
            }
            (TokenTree::Punct(dollar), Some(TokenTree::Group(group)))
                if dollar.as_char() == '$' && group.delimiter() == Delimiter::Parenthesis =>
            {
                out.extend(transcribed(group.stream()));
                at += 2;
                if is_repetition(trees.get(at)) {
                    at += 1;
                } else if is_repetition(trees.get(at + 1)) {
                    at += 2;
                }
            }
            (TokenTree::Group(group), _) => {
                let mut inner = Group::new(group.delimiter(), transcribed(group.stream()));
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
                at += 1;
            }
            (other, _) => {
                out.push(other.clone());
                at += 1;
            }
        }
    }
    out.into_iter().collect()
}

/// Whether `expr` is `self`, possibly in parentheses, dereferenced or borrowed (`(*self)`,
/// `&mut *self`).
pub(crate) fn is_self(expr: &Expr) -> bool {
    match expr {
        Expr::Path(path) => path.qself.is_none() && path.path.is_ident("self"),
        Expr::Paren(paren) => is_self(&paren.expr),
        Expr::Group(group) => is_self(&group.expr),
        Expr::Unary(unary) if matches!(unary.op, UnOp::Deref(_)) => is_self(&unary.expr),
        Expr::Reference(reference) => is_self(&reference.expr),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exprs(call: &str) -> Vec<String> {
        let mac: Macro = syn::parse_str(call).expect("a macro call");
        macro_exprs(&mac).iter().map(|e| quote::ToTokens::to_token_stream(e).to_string()).collect()
    }

    #[test]
    fn macro_arguments_by_name_and_leniently() {
        assert_eq!(exprs("stringify!(a + b)"), Vec::<String>::new());
        assert_eq!(exprs("println!(\"{}\", a + b)"), ["\"{}\"", "a + b"]);
        assert_eq!(exprs("vec![0; n * 2]"), ["0", "n * 2"]);
        assert_eq!(exprs("matches!(x, A | B if y > 1)"), ["x", "y > 1"]);
        assert_eq!(exprs("info!(%a, ?b, c = %d, target: \"t\", \"m\")"), ["a", "b", "d", "\"t\"", "\"m\""]);
        assert_eq!(exprs("info!(%a, f::<A, B>(x))"), ["a", "f :: < A , B > (x)"]);
        assert_eq!(exprs("select!(v = fut => go(v))"), ["v = fut", "go (v)"]);
    }

    #[test]
    fn assignments_are_told_from_other_operators() {
        let at =
            |text: &str| find_assign(&text.parse::<TokenStream>().expect("tokens").into_iter().collect::<Vec<_>>());
        assert_eq!(at("a = b"), Some(1));
        assert_eq!(at("a = %b"), Some(1));
        for other in ["a == b", "a <= b", "a >= b", "a != b", "a => b", "a += b"] {
            assert_eq!(at(other), None, "{other}");
        }
    }

    #[test]
    fn macro_rules_bodies_read_as_plain_code() {
        let text = |body: &str| transcribed(body.parse().expect("tokens")).to_string();
        assert_eq!(text("$e * 2"), "e * 2");
        assert_eq!(text("$( self.a.go($x); )*"), "self . a . go (x) ;");
        assert_eq!(text("$( $x + )* 0"), "x + 0");
        assert_eq!(text("$($x),*"), "x");
        assert_eq!(text("$crate::f()"), "crate :: f ()");
        let stmts = macro_rules_bodies(&"($e:expr) => { $e * 2 }; () => {{ loop {} }}".parse().expect("tokens"));
        assert_eq!(stmts.len(), 2);
    }
}
