//! `std::fs` renamed by a `use` in a coordination method.
use orchestrator::prelude::*;

#[derive(Debug, Default)]
struct Validator;
impl Component for Validator {}
impl Validator {
    fn validate(&self, x: u32) -> u32 {
        x
    }
}

#[derive(Debug, Default)]
struct Store;
impl Component for Store {}
impl Store {
    fn put(&mut self, x: u32) -> u32 {
        x
    }
}

#[derive(Orchestrator)]
struct Processing {
    #[component]
    validator: Validator,
    #[component]
    store: Store,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Processing {
    pub fn load(&mut self, path: &str) -> usize {
        use std::fs as f;
        let text = f::read_to_string(path).unwrap_or_default();
        self.validator.validate(0);
        text.len()
    }
}

fn main() {}
