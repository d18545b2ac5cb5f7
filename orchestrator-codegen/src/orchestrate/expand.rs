//! Stage 4: the tokens of a checked block: its coordination methods guarded and traced, the
//! check that the self type is a derived orchestrator, the `too_long` assertion.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ImplItem, ItemImpl};

use super::guard::{self, Context};
use super::model::Block;
use crate::rules::too_long::{self, Check};

/// The expansion of a block that broke no rule. Errors (a `const fn` coordination method) are
/// pushed to `errors`; the caller then emits the user's block instead.
pub(crate) fn block(block: &Block<'_>, private: &TokenStream, errors: &mut Vec<syn::Error>) -> TokenStream {
    let item = block.item;
    let self_span = item.self_ty.span();
    let self_ty = respan(item.self_ty.to_token_stream(), self_span);
    let parts = quote!(#private::Parts);
    let check = too_long::check(block, &self_ty, &parts);
    let (assoc, free, eval) = match check {
        Check::None => (None, None, None),
        Check::Free(free) => (None, Some(free), None),
        Check::Assoc { item, eval } => (Some(item), None, Some(eval)),
    };
    let ctx = Context {
        private: private.clone(),
        self_kw: quote_spanned!(self_span=> Self),
        too_long: eval,
        orchestrator: block.name.clone(),
    };

    let mut items = Vec::new();
    for impl_item in &item.items {
        match impl_item {
            ImplItem::Fn(func) if super::model::is_coordination(func) => {
                let mut func = func.clone();
                func.attrs.retain(|a| !super::attr::is_orchestrate(a));
                match guard::coordination(&func, &ctx) {
                    Ok(tokens) => items.push(tokens),
                    Err(error) => errors.push(error),
                }
            }
            ImplItem::Fn(func) => {
                let mut func = func.clone();
                func.attrs.retain(|a| !super::attr::is_orchestrate(a));
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
    quote! {
        #(#attrs)*
        #unsafety #impl_token #impl_generics #self_ty #where_clause {
            #assoc
            #(#items)*
        }
        #is_parts
        #free
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
