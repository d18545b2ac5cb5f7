//! `#[orchestrate]` output is warning-free under the strictest lints, for every receiver and
//! signature shape a coordination method can have.
#![deny(warnings, unused_qualifications, clippy::pedantic)]

use orchestrator::prelude::*;

/// Checks input.
#[derive(Debug, Default)]
pub struct Validator;
impl Component for Validator {}
impl Validator {
    /// Validates.
    #[must_use]
    pub fn validate(&self, input: &str) -> bool {
        !input.is_empty()
    }
}

/// Stores results.
#[derive(Debug, Default)]
pub struct Store {
    items: Vec<String>,
}
impl Component for Store {}
impl Store {
    /// Stores one item.
    pub fn put(&mut self, item: String) {
        self.items.push(item);
    }
    /// The items.
    #[must_use]
    pub fn items(&self) -> &[String] {
        &self.items
    }
}

/// The error of a coordination method.
#[derive(Debug)]
pub enum AppError {
    /// Not initialized.
    NotReady(NotReady),
    /// Invalid input.
    Invalid,
}

impl From<NotReady> for AppError {
    fn from(e: NotReady) -> Self {
        AppError::NotReady(e)
    }
}

/// An orchestrator.
#[derive(Orchestrator)]
#[orchestrator(register = Self::wire)]
pub struct Processing {
    #[component]
    validator: Validator,
    #[component]
    store: Store,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Processing {
    /// Builds one.
    #[must_use]
    pub fn build() -> Self {
        Processing::from_parts(Validator, Store::default())
    }

    /// Validates and stores.
    ///
    /// # Errors
    /// When not ready, or the input is invalid.
    pub fn process(&mut self, input: &str) -> Result<usize, AppError> {
        if !self.validator.validate(input) {
            return Err(AppError::Invalid);
        }
        self.store.put(input.to_owned());
        Ok(self.store.items().len())
    }

    /// Borrows from `self` in its return type.
    #[must_use]
    pub fn items(&self) -> &[String] {
        self.store.items()
    }

    /// Takes a pattern argument, `impl Trait` and a generic.
    pub fn put_all<T: Into<String>>(&mut self, (first, second): (T, T), mut rest: impl Iterator<Item = String>) {
        self.store.put(first.into());
        self.store.put(second.into());
        if let Some(item) = rest.next() {
            self.store.put(item);
        }
    }

    /// Consumes the orchestrator.
    #[must_use]
    pub fn into_items(mut self) -> Vec<String> {
        self.store.put("last".to_owned());
        self.store.items().to_vec()
    }

    /// A boxed receiver, `?` on a result.
    ///
    /// # Errors
    /// When not ready.
    pub fn boxed(self: Box<Self>) -> Result<usize, AppError> {
        let n = Ok::<_, AppError>(self.store.items().len())?;
        Ok(n)
    }

    /// The register hook: not a coordination method.
    #[allow(clippy::unnecessary_wraps)]
    fn wire(&mut self) -> Result<(), ComponentError> {
        let _ = self.validator.validate("wire");
        Ok(())
    }
}

fn main() {
    let mut processing = Processing::build();
    assert!(matches!(processing.process("a"), Err(AppError::NotReady(_))));
    processing.initialize().unwrap();
    assert_eq!(processing.process("a").unwrap(), 1);
    assert!(matches!(processing.process(""), Err(AppError::Invalid)));
    processing.put_all(("b", "c"), std::iter::once("d".to_owned()));
    assert_eq!(processing.items().len(), 4);
    assert_eq!(processing.into_items().len(), 5);
    let mut boxed = Box::new(Processing::build());
    boxed.initialize().unwrap();
    assert_eq!(boxed.boxed().unwrap(), 0);
}
