//! The error context of one derive: every error of the item, in source order of discovery,
//! reported together. Errors are `syn::Error`s made with `new_spanned`, so on stable they
//! underline the whole offending node (a field type, a path), not only its first token;
//! darling's errors (unknown keys with "did you mean", bad values) join them unchanged.

use proc_macro2::TokenStream;
use quote::ToTokens;

/// The errors collected so far.
#[derive(Default)]
pub struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reports `message` at `node` (the whole node's range).
    pub fn at(&mut self, node: impl ToTokens, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new_spanned(node, message));
    }

    /// Reports a ready-made error.
    pub fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// Reports a darling error (or several).
    pub fn darling(&mut self, error: darling::Error) {
        self.errors.extend(error.flatten().into_iter().map(syn::Error::from));
    }

    /// The value of `result`, or `None` after reporting its error.
    pub fn handle<T>(&mut self, result: darling::Result<T>) -> Option<T> {
        result.map_err(|error| self.darling(error)).ok()
    }

    /// Moves the errors of a darling accumulator here.
    pub fn absorb(&mut self, accumulator: darling::error::Accumulator) {
        for error in accumulator.into_inner() {
            self.darling(error);
        }
    }

    /// The number of errors so far.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// `compile_error!` invocations, one per error.
    pub fn into_compile_errors(self) -> TokenStream {
        self.errors.into_iter().map(|error| error.into_compile_error()).collect()
    }
}
