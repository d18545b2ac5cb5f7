//! `fs::read_to_string` after `use std::fs;` in a coordination method.
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

use std::fs;

#[orchestrate]
impl Processing {
    pub fn load(&mut self, path: &str) -> usize {
        let text = fs::read_to_string(path).unwrap_or_default();
        self.validator.validate(0);
        text.len()
    }
}

fn main() {}
