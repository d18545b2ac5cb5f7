//! `#[derive(Orchestrator)]`, in stages, each importing only the ones before it:
//!
//! 1. [`attr`]: the `#[orchestrator(...)]` and `#[component(...)]` attributes, parsed with
//!    darling into plain structs;
//! 2. [`model`]: the validated form of the struct, with the initialization order that
//!    [`order`] computes from the `after(...)` lists (`unknown_dependency`, `dependency_cycle`);
//! 3. [`checks`]: the struct rules, one module per rule; they read the model and report;
//! 4. [`expand`] / [`expand_async`]: the tokens of a valid model, sync or async, both reaching
//!    each component as [`reach`] says and putting tokens at the user's with [`span`], and
//!    [`fallback`]: what is emitted instead when the struct cannot be expanded.

mod attr;
mod checks;
mod expand;
mod expand_async;
mod fallback;
mod model;
mod order;
mod reach;
mod span;

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::diag::Diagnostics;

/// The derive on `input`: the expansion, or the fallback, plus every error of the item.
pub fn derive(input: TokenStream) -> TokenStream {
    let mut errors = Diagnostics::new();
    let input = match syn::parse2::<DeriveInput>(input) {
        Ok(input) => input,
        Err(error) => {
            errors.push(error);
            return errors.into_compile_errors();
        }
    };
    let input = &input;
    let model = model::build(input, &mut errors);
    if let Some(model) = &model {
        checks::check(model, &mut errors);
    }
    let code = match &model {
        Some(model) if model.has_lifecycle && model.asynchronous => expand_async::expand(model),
        Some(model) if model.has_lifecycle => expand::expand(model),
        _ => fallback::fallback(input, model.as_ref()),
    };
    let errors = errors.into_compile_errors();
    quote!(#code #errors)
}
