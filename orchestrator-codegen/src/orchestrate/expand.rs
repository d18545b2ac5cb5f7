//! Stage 4: the tokens of a checked block: its coordination methods guarded and traced (each
//! by [`guard`]), the check that the self type is a derived orchestrator, the
//! `too_long` assertion.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ImplItem, ItemImpl};

use super::attr;
use super::checks::too_long::{self, TooLong};
use super::guard::{self, Context};
use super::model::{self, Block};

/// The expansion of a block without errors.
pub(crate) fn block(block: &Block<'_>, private: &TokenStream) -> TokenStream {
    let item = block.item;
    let self_span = item.self_ty.span();
    let self_ty = respan(item.self_ty.to_token_stream(), self_span);
    let parts = quote!(#private::DerivedOrchestrator);
    let self_kw = quote_spanned!(self_span=> Self);
    let check = too_long::measure(block)
        .map_or(Check::None, |measure| too_long_check(block, &measure, &self_ty, &self_kw, &parts));
    let (assoc, free, eval) = match check {
        Check::None => (None, None, None),
        Check::Free(free) => (None, Some(free), None),
        Check::Assoc { item, eval } => (Some(item), None, Some(eval)),
    };
    let ctx = Context { private: private.clone(), self_kw, too_long: eval };

    let mut items = Vec::new();
    for impl_item in &item.items {
        match impl_item {
            ImplItem::Fn(func) if model::is_coordination(func) => {
                let mut func = func.clone();
                func.attrs.retain(|a| !attr::is_orchestrate(a));
                items.push(guard::coordination(&func, &ctx));
            }
            ImplItem::Fn(func) => {
                let handler = block.methods.iter().any(|m| std::ptr::eq(m.func, func) && m.on_event.is_some());
                let mut func = func.clone();
                func.attrs.retain(|a| !attr::is_orchestrate(a));
                if handler {
                    // its signature is the handler's contract (the event by value, a `Result`
                    // to trace): the lints clippy spares exported API spare it too
                    func.attrs.push(syn::parse_quote!(#[allow(
                        clippy::needless_pass_by_value,
                        clippy::unnecessary_wraps,
                        clippy::unused_self,
                        clippy::unused_async
                    )]));
                }
                items.push(func.to_token_stream());
            }
            other => items.push(other.to_token_stream()),
        }
    }

    let ItemImpl { attrs, unsafety, impl_token, generics, .. } = item;
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    let is_parts = quote_spanned! {self_span=>
        #[allow(dead_code, clippy::extra_unused_type_parameters)]
        const _: () = {
            fn __assert_parts #impl_generics () #where_clause {
                let _ = <#self_ty as #parts>::LINES;
            }
        };
    };
    // the block's braces keep their span: what rustc says about the block points at its code
    let mut body = TokenStream::new();
    item.brace_token.surround(&mut body, |inner| {
        inner.extend(quote!(#assoc #(#items)*));
    });
    quote! {
        #(#attrs)*
        #unsafety #impl_token #impl_generics #self_ty #where_clause #body
        #is_parts
        #free
    }
}

/// What is emitted, besides the errors, for a block with errors: the block as written, minus
/// the method-level `#[orchestrate(...)]` attributes, so nothing else in the crate fails
/// because of it.
pub(crate) fn fallback(mut item: ItemImpl) -> TokenStream {
    for impl_item in &mut item.items {
        if let ImplItem::Fn(func) = impl_item {
            func.attrs.retain(|a| !attr::is_orchestrate(a));
        }
    }
    item.into_token_stream()
}

/// The generated `too_long` check of one block.
enum Check {
    /// No check: `allow(too_long)`, or the block's source is not available to count.
    None,
    /// A `const _` item, placed after the block.
    Free(TokenStream),
    /// An associated const of the block, and the statement each coordination method evaluates
    /// it with (a `const` item cannot use the generic parameters of a generic block).
    Assoc { item: TokenStream, eval: TokenStream },
}

/// The `too_long` assertion of `block`, spanned at its `impl` token; `self_ty` is its self
/// type and `self_kw` its `Self` (both spanned at the self type, so that on a type without
/// `DerivedOrchestrator` every use reports the same one error there), `parts` the path of the
/// `DerivedOrchestrator` trait.
fn too_long_check(
    block: &Block<'_>,
    measure: &TooLong,
    self_ty: &TokenStream,
    self_kw: &TokenStream,
    parts: &TokenStream,
) -> Check {
    let TooLong { lines, message } = measure;
    let span: Span = block.item.impl_token.span;
    let generic = !block.item.generics.params.is_empty();
    let ty = if generic { self_kw.clone() } else { self_ty.clone() };
    let assertion = quote_spanned! {span=>
        ::core::assert!(<#ty as #parts>::LINES + #lines <= <#ty as #parts>::MAX_LINES, #message)
    };
    if generic {
        // named after where the block starts: a struct may have several blocks
        let at = span.start();
        let name = quote::format_ident!("__ORCHESTRATE_TOO_LONG_{}_{}", at.line, at.column, span = span);
        Check::Assoc {
            item: quote_spanned! {span=>
                #[doc(hidden)]
                const #name: () = #assertion;
            },
            eval: quote_spanned! {span=> let () = Self::#name; },
        }
    } else {
        Check::Free(quote_spanned! {span=> const _: () = #assertion; })
    }
}

/// `tokens` with every span set to `span` (so errors about the type land on one place).
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => {
                let mut new = proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                new.set_span(span);
                TokenTree::Group(new)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}
