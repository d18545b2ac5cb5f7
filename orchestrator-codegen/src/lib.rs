//! The logic of `orchestrator`'s macros, `#[derive(Orchestrator)]` and `#[orchestrate]`, as a
//! plain library on `proc_macro2` tokens: `orchestrator-macros` is a thin proc-macro shim over
//! [`derive`] and [`orchestrate`], and this crate's tests call them directly.
//!
//! The derive runs in stages, one module each: `attr` parses the attributes with darling,
//! `model` builds the validated form of the struct, `rules` checks the pattern's rules (one
//! module per rule), `expand` writes the tokens, and `fallback` is what is emitted instead
//! when the struct cannot be expanded. Every error is accumulated and reported together.
//!
//! Not public API: its only user is `orchestrator-macros` of the same version.

mod attr;
#[cfg(test)]
mod derive_fuzz;
#[cfg(test)]
mod derive_tests;
mod errors;
mod expand;
mod expand_async;
#[cfg(test)]
mod expand_file;
mod fallback;
#[cfg(test)]
mod fuzz_rng;
mod model;
mod orchestrate;
mod rules;

use proc_macro2::TokenStream;
use quote::quote;

/// `#[derive(Orchestrator)]` on `input`: the expansion, or the fallback, plus every error of
/// the item as a `compile_error!`. Never panics.
pub fn derive(input: TokenStream) -> TokenStream {
    match syn::parse2::<syn::DeriveInput>(input) {
        Ok(input) => derive_input(&input),
        Err(error) => error.into_compile_error(),
    }
}

/// `#[orchestrate(args)]` on `input`: the checked and instrumented impl block, or the block as
/// written plus every error as a `compile_error!`. Never panics.
pub fn orchestrate(args: TokenStream, input: TokenStream) -> TokenStream {
    orchestrate::expand(args, input)
}

/// The derive on a parsed item.
fn derive_input(input: &syn::DeriveInput) -> TokenStream {
    let mut errors = errors::Errors::new();
    let model = model::build(input, &mut errors);
    if let Some(model) = &model {
        rules::check(model, &mut errors);
    }
    let code = match &model {
        Some(model) if model.has_lifecycle && model.asynchronous => expand_async::expand(model),
        Some(model) if model.has_lifecycle => expand::expand(model),
        _ => fallback::fallback(input, model.as_ref()),
    };
    let errors = errors.into_compile_errors();
    quote!(#code #errors)
}
