//! Spans for generated tokens: the one helper that puts a whole token stream at the user's
//! token, used by the expansions and by [`reach`](super::reach).

use proc_macro2::TokenStream;
use quote::ToTokens;

/// `tokens` with every token spanned at `span`, groups and their contents too: for example the
/// type of a component, written where an error about its `uses(...)` should point at the `uses`
/// key rather than at the type.
pub(crate) fn respan(tokens: &impl ToTokens, span: proc_macro2::Span) -> TokenStream {
    tokens
        .to_token_stream()
        .into_iter()
        .map(|mut token| {
            if let proc_macro2::TokenTree::Group(group) = &token {
                let mut inner = proc_macro2::Group::new(group.delimiter(), respan(&group.stream(), span));
                inner.set_span(span);
                token = proc_macro2::TokenTree::Group(inner);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}
