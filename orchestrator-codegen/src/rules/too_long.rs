//! `too_long`: the struct plus its `#[orchestrate]` block span more than `max_lines` lines.
//!
//! The derive knows the struct's lines (`Parts::LINES`) and the limit (`Parts::MAX_LINES`);
//! this macro knows the block's lines. So the check is a const assertion, spanned at the
//! block's `impl` token. For a generic self type it is an associated const of the block,
//! evaluated by every coordination method (see [`Check::Assoc`]).

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::orchestrate::model::Block;

/// The generated check of one block.
pub(crate) enum Check {
    /// No check: `allow(too_long)`, or the block's source is not available to count.
    None,
    /// A `const _` item, placed after the block.
    Free(TokenStream),
    /// An associated const of the block, and the statement each coordination method evaluates
    /// it with.
    Assoc { item: TokenStream, eval: TokenStream },
}

/// The number of source lines of the block, from `impl ... {` to `}`, when the source is known.
pub(crate) fn block_lines(block: &Block<'_>) -> Option<usize> {
    let text = block.item.brace_token.span.join().source_text()?;
    Some(text.lines().count().max(1))
}

/// The check of `block`; `self_ty` is its self type, `parts` the path of the `Parts` trait.
pub(crate) fn check(block: &Block<'_>, self_ty: &TokenStream, parts: &TokenStream) -> Check {
    if block.allow.contains(&crate::rules::Rule::TooLong) {
        return Check::None;
    }
    let Some(lines) = block_lines(block) else { return Check::None };
    let message = format!(
        "too_long: `{name}` and its #[orchestrate] block (this block: {lines} lines) are longer than max_lines; \
         an orchestrator stays thin so its coordination reads at a glance. help: move logic into components or \
         split the orchestrator, raise #[orchestrator(max_lines = N)], or #[orchestrate(allow(too_long))]",
        name = block.name
    );
    let span: Span = block.item.impl_token.span;
    let generic = !block.item.generics.params.is_empty();
    let ty = if generic { quote!(Self) } else { self_ty.clone() };
    let assertion = quote_spanned! {span=>
        ::core::assert!(<#ty as #parts>::LINES + #lines <= <#ty as #parts>::MAX_LINES, #message)
    };
    if generic {
        Check::Assoc {
            item: quote_spanned! {span=>
                #[doc(hidden)]
                const __ORCHESTRATE_TOO_LONG: () = #assertion;
            },
            eval: quote_spanned! {span=> let () = Self::__ORCHESTRATE_TOO_LONG; },
        }
    } else {
        Check::Free(quote_spanned! {span=> const _: () = #assertion; })
    }
}
