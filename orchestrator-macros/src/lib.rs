//! Procedural macros of `orchestrator`: `#[derive(Orchestrator)]` and `#[orchestrate]`.
//!
//! The derive runs in stages, one module each: [`attr`] parses the attributes with darling,
//! [`model`] builds the validated form of the struct, [`rules`] checks the pattern's rules (one
//! module per rule), [`expand`] writes the tokens, and [`fallback`] is what is emitted instead
//! when the struct cannot be expanded. Every error is accumulated and reported together.
//! Users depend on the `orchestrator` crate, which re-exports these macros.

mod attr;
#[cfg(test)]
mod derive_tests;
mod errors;
mod expand;
mod fallback;
mod model;
mod orchestrate;
mod rules;

use proc_macro::TokenStream;
use quote::quote;

/// Implements `Orchestrator` for a struct of components; see the `orchestrator` crate.
#[proc_macro_derive(Orchestrator, attributes(orchestrator, component))]
pub fn derive_orchestrator(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive(&input).into()
}

/// Checks and instruments the coordination methods of an orchestrator's impl block; see the
/// `orchestrator` crate.
#[proc_macro_attribute]
pub fn orchestrate(args: TokenStream, input: TokenStream) -> TokenStream {
    orchestrate::expand(args.into(), input.into()).into()
}

/// The derive, on `proc_macro2` tokens (unit-testable): the expansion, or the fallback, plus
/// every error of the item.
fn derive(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    let mut errors = errors::Errors::new();
    let model = model::build(input, &mut errors);
    if let Some(model) = &model {
        rules::check(model, &mut errors);
    }
    let code = match &model {
        Some(model) if model.has_lifecycle => expand::expand(model),
        _ => fallback::fallback(input, model.as_ref()),
    };
    let errors = errors.into_compile_errors();
    quote!(#code #errors)
}
