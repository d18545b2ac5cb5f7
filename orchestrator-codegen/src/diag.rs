//! Diagnostics, the leaf every stage reports through: the error context of one macro call
//! (every error of the item, in source order of discovery, reported together) and the "did you
//! mean" suggestion for a misspelt name. Errors are `syn::Error`s made with `new_spanned`, so on stable they
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
