//! Diagnostics, the leaf every stage reports through: [`Diagnostics`], the one error context
//! of a macro call, and [`did_you_mean`], the suggestion for a misspelt name.
//!
//! Every error of the item goes into one `Diagnostics`, in the order found, and comes out
//! together as `compile_error!`s. Errors made with [`Diagnostics::at`] use `new_spanned`, so on
//! stable they underline the whole offending node (a field type, a path), not only its first
//! token; darling's own errors (bad values) join them unchanged. Like serde's `Ctxt` and
//! darling's `Accumulator`, a `Diagnostics` must be consumed ([`Diagnostics::check`] or
//! [`Diagnostics::into_compile_errors`]): dropping it unconsumed is a bug of this crate that
//! would lose errors, and panics.

use std::fmt::Display;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

/// Every error of one macro call so far.
pub struct Diagnostics {
    /// `None` once consumed.
    errors: Option<Vec<syn::Error>>,
}

impl Default for Diagnostics {
    fn default() -> Self {
        Self::new()
    }
}

impl Diagnostics {
    /// An empty context.
    pub fn new() -> Self {
        Diagnostics { errors: Some(Vec::new()) }
    }

    fn errors(&mut self) -> &mut Vec<syn::Error> {
        self.errors.get_or_insert_with(Vec::new)
    }

    /// Reports `message` at `node` (the whole node's range).
    pub fn at(&mut self, node: impl ToTokens, message: impl Display) {
        self.errors().push(syn::Error::new_spanned(node, message));
    }

    /// Reports `message` at `span`.
    pub fn at_span(&mut self, span: Span, message: impl Display) {
        self.errors().push(syn::Error::new(span, message));
    }

    /// Reports a ready-made error (syn's, for input that does not parse).
    pub fn push(&mut self, error: syn::Error) {
        self.errors().push(error);
    }

    /// Reports a darling error (or several).
    pub fn darling(&mut self, error: darling::Error) {
        self.errors().extend(error.flatten().into_iter().map(syn::Error::from));
    }

    /// The value of `result`, or `None` after reporting its error.
    pub fn handle<T>(&mut self, result: darling::Result<T>) -> Option<T> {
        result.map_err(|error| self.darling(error)).ok()
    }

    /// The number of errors so far.
    pub fn len(&self) -> usize {
        self.errors.as_ref().map_or(0, Vec::len)
    }

    /// Consumes the context: `Ok` without errors, else their `compile_error!`s.
    pub fn check(self) -> Result<(), TokenStream> {
        let errors = self.into_compile_errors();
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// Consumes the context: one `compile_error!` per error, in the order reported.
    pub fn into_compile_errors(mut self) -> TokenStream {
        let errors = self.errors.take().unwrap_or_default();
        errors.into_iter().map(syn::Error::into_compile_error).collect()
    }
}

impl Drop for Diagnostics {
    fn drop(&mut self) {
        if let Some(errors) = &self.errors
            && !std::thread::panicking()
        {
            panic!(
                "a Diagnostics was dropped with {} error(s) unreported: consume it with check() or into_compile_errors()",
                errors.len()
            );
        }
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let close = candidates
        .iter()
        .map(|&candidate| (edit_distance(word, candidate), candidate))
        .filter(|&(distance, candidate)| {
            distance < word.chars().count() && distance <= (candidate.len().max(word.len()) / 3).max(1)
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate);
    // Swapped letters (`nmae`) and a truncated name (`too_many`) are likely slips too.
    let sorted = |text: &str| {
        let mut chars: Vec<char> = text.chars().collect();
        chars.sort_unstable();
        chars
    };
    close
        .or_else(|| candidates.iter().copied().find(|c| c.len() == word.len() && sorted(c) == sorted(word)))
        .or_else(|| (word.len() >= 4).then(|| candidates.iter().copied().find(|c| c.starts_with(word))).flatten())
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let best = (diagonal + usize::from(ca != cb)).min(above + 1).min(left + 1);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_out_together_in_order() {
        let mut errors = Diagnostics::new();
        assert_eq!(errors.len(), 0);
        errors.at(quote::quote!(a), "first");
        errors.at_span(Span::call_site(), "second");
        errors.handle::<()>(Err(darling::Error::custom("third")));
        assert_eq!(errors.len(), 3);
        let text = errors.into_compile_errors().to_string();
        let at = |m: &str| text.find(m).unwrap_or(usize::MAX);
        assert!(at("first") < at("second") && at("second") < at("third"), "{text}");
        assert_eq!(Diagnostics::new().check().map_err(|e| e.to_string()), Ok(()));
    }

    #[test]
    #[should_panic(expected = "dropped with 1 error(s) unreported")]
    fn dropping_it_unconsumed_panics() {
        let mut errors = Diagnostics::new();
        errors.at(quote::quote!(a), "lost");
    }

    #[test]
    fn dropping_it_while_panicking_adds_no_second_panic() {
        let result = std::panic::catch_unwind(|| {
            let _errors = Diagnostics::new();
            panic!("the first panic");
        });
        let payload = result.expect_err("the closure panics");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"the first panic"));
    }

    #[test]
    fn suggestions() {
        let names = ["too_many_components", "too_few_components", "business_logic"];
        assert_eq!(did_you_mean("too_many_component", names), Some("too_many_components"));
        assert_eq!(did_you_mean("bussiness_logic", names), Some("business_logic"));
        assert_eq!(did_you_mean("xyz", names), None);
        assert_eq!(did_you_mean("too_many", names), Some("too_many_components"));
        assert_eq!(did_you_mean("z", ["a", "b"]), None);
        assert_eq!(did_you_mean("nmae", ["name", "after"]), Some("name"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
