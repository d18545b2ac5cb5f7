//! The logic of the macros of `orchestrator-pattern`, `#[derive(Orchestrator)]` and
//! `#[orchestrate]`, as a plain library on `proc_macro2` tokens: `orchestrator-macros` is a thin
//! proc-macro shim over [`derive()`] and [`orchestrate()`], and this crate's tests call them
//! directly.
//!
//! Imports flow one way, from the macros' stages down to two small leaves they share:
//!
//! ```text
//! derive/      attr → model (+ order) → checks/ → expand, expand_async (+ reach), fallback
//! orchestrate/ attr → model (+ calls) → checks/ → expand (+ guard), expand_calls
//!                  ↓ both
//! rule         the rule names, where allow(...) may name them, its parsing
//!                  ↓
//! diag         the error context of one macro call, "did you mean"
//!
//! runtime      where generated code finds the runtime (a leaf of the model and expand stages)
//! ```
//!
//! Each stage imports only the stages before it; code is generated only in the expand stages.
//!
//! Not public API: its only user is `orchestrator-macros` of the same version.

mod derive;
mod diag;
mod orchestrate;
mod rule;
mod runtime;

use proc_macro2::TokenStream;

/// `#[derive(Orchestrator)]` on `input`: the expansion, or the fallback, plus every error of
/// the item as a `compile_error!`. Never panics.
pub fn derive(input: TokenStream) -> TokenStream {
    derive::derive(input)
}

/// `#[orchestrate(args)]` on `input`: the checked and instrumented impl block, or the block as
/// written plus every error as a `compile_error!`. Never panics.
pub fn orchestrate(args: TokenStream, input: TokenStream) -> TokenStream {
    orchestrate::orchestrate(args, input)
}
