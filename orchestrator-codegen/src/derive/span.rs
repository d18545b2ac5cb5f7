//! Spans for generated tokens: putting a whole token stream at one of the user's tokens, or
//! over one of the user's nodes (from its first token to its last), for the expansions and
//! [`reach`](super::reach).

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote_spanned};

/// `tokens` with every token spanned at `span`, groups and their contents too: for example the
/// type of a component, written where an error about its `uses(...)` should point at the `uses`
/// key rather than at the type.
pub(crate) fn respan(tokens: &impl ToTokens, span: Span) -> TokenStream {
    tokens
        .to_token_stream()
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut inner = Group::new(group.delimiter(), respan(&group.stream(), span));
                inner.set_span(span);
                token = TokenTree::Group(inner);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}

/// `macro!(args);` spanned so that the invocation covers `node` from its first token to its
/// last: the error of a check the macro expands to (a failed `const` assertion) underlines the
/// whole node, `Box<Inner>` and not only `Box`, which one span cannot do on stable.
pub(crate) fn spanned_invocation(macro_path: TokenStream, args: TokenStream, node: &impl ToTokens) -> TokenStream {
    let (first, last) = ends(node);
    let path: TokenStream = macro_path
        .into_iter()
        .map(|mut token| {
            token.set_span(first);
            token
        })
        .collect();
    let mut group = Group::new(Delimiter::Parenthesis, args);
    group.set_span(last);
    quote_spanned!(last=> #path #group;)
}

/// `tokens` spanned over `node`: each at the span of `node`'s first token, the last at the span
/// of its last one, so that rustc's span of the whole (from its first token to its last) is
/// `node`'s, as for a `Box<Inner>` written by the user.
pub(crate) fn over(tokens: TokenStream, node: &impl ToTokens) -> TokenStream {
    let (first, last) = ends(node);
    let mut tokens: Vec<TokenTree> = respan(&tokens, first).into_iter().collect();
    if let Some(end) = tokens.last_mut() {
        end.set_span(last);
    }
    tokens.into_iter().collect()
}

/// The spans of `node`'s first and last tokens (the call site for an empty node).
fn ends(node: &impl ToTokens) -> (Span, Span) {
    let mut tokens = node.to_token_stream().into_iter();
    let first = tokens.next().map_or_else(Span::call_site, |t| t.span());
    let last = tokens.last().map_or(first, |t| t.span());
    (first, last)
}
