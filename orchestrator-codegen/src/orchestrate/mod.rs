//! `#[orchestrate]`: the coordination methods of a derived orchestrator, guarded, traced and
//! checked against the pattern's impl rules.
//!
//! Stages, each importing only the ones before it: [`attr`] (the attribute's arguments) →
//! [`model`] (the block's methods and what they allow) and [`calls`] (the client's methods and
//! the event handlers, checked for what can reach a running orchestrator) → [`checks`] (the
//! impl rules, one module per rule) → [`expand`] and [`guard`] (tokens), [`expand_calls`] (the
//! client trait and the `Handles` impls). On any error the user's block is emitted unchanged
//! (minus `#[orchestrate]` attributes) with every error, and the client and handlers with
//! bodies that compile, so nothing else in the crate fails because of it.

mod attr;
mod calls;
mod checks;
mod expand;
mod expand_calls;
mod guard;
mod model;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::Item;
use syn::spanned::Spanned;

use crate::diag::Diagnostics;
use crate::runtime;

/// The expansion of `#[orchestrate(args)]` on `input`. Never panics: every problem is a
/// `compile_error!` in the output.
pub fn orchestrate(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Diagnostics::new();
    let item = match syn::parse2::<Item>(input.clone()) {
        Ok(Item::Impl(item)) if item.trait_.is_none() => item,
        Ok(Item::Impl(item)) => {
            errors.at_span(
                item.trait_.as_ref().map_or_else(|| item.impl_token.span, |(path, _)| path.span()),
                "#[orchestrate] goes on the inherent impl block of a #[derive(Orchestrator)] struct, not on a trait impl. \
                 help: move the coordination methods into `impl YourOrchestrator { ... }` and put #[orchestrate] there",
            );
            return with_errors(item.into_token_stream(), errors);
        }
        Ok(other) => {
            errors.at(
                misuse_anchor(&other),
                "#[orchestrate] goes on the impl block of a #[derive(Orchestrator)] struct. \
                 help: write `#[orchestrate] impl YourOrchestrator { pub fn ...(&mut self) ... }`",
            );
            return with_errors(other.into_token_stream(), errors);
        }
        Err(error) => {
            errors.push(error);
            return with_errors(input, errors);
        }
    };

    let args = attr::parse(args, false, &mut errors);
    let private = runtime::hidden_module(&args.krate.unwrap_or_else(runtime::default_crate));
    let block = model::Block::new(&item, args.allow, args.client, &mut errors);
    let calls = calls::calls(&block, &mut errors);
    checks::check(&block, &mut errors);
    match errors.check() {
        Ok(()) => {
            let tokens = expand::block(&block, &private);
            let served = expand_calls::calls(&block, &calls, &private, true);
            quote!(#tokens #served)
        }
        Err(errors) => {
            // the client and the handlers still exist, so their callers get no second error
            let served = expand_calls::calls(&block, &calls, &private, false);
            let item = expand::fallback(item);
            quote!(#item #served #errors)
        }
    }
}

/// `tokens` followed by every error as a `compile_error!`.
fn with_errors(tokens: TokenStream, errors: Diagnostics) -> TokenStream {
    let errors = errors.into_compile_errors();
    quote!(#tokens #errors)
}

/// The token a misplaced `#[orchestrate]` points at: the item's keyword and name.
fn misuse_anchor(item: &Item) -> TokenStream {
    match item {
        Item::Fn(f) => {
            let (fn_token, ident) = (&f.sig.fn_token, &f.sig.ident);
            quote!(#fn_token #ident)
        }
        Item::Struct(s) => {
            let (token, ident) = (&s.struct_token, &s.ident);
            quote!(#token #ident)
        }
        Item::Enum(e) => {
            let (token, ident) = (&e.enum_token, &e.ident);
            quote!(#token #ident)
        }
        Item::Trait(t) => {
            let (token, ident) = (&t.trait_token, &t.ident);
            quote!(#token #ident)
        }
        Item::Mod(m) => {
            let (token, ident) = (&m.mod_token, &m.ident);
            quote!(#token #ident)
        }
        other => other.to_token_stream().into_iter().take(2).collect(),
    }
}
