//! The struct (7 lines) plus its `#[orchestrate]` block (9 lines) are one line longer than `max_lines = 15`.
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
#[orchestrator(max_lines = 15)]
struct Processing {
    #[component]
    validator: Validator,
    #[component]
    store: Store,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Processing {
    pub fn validate(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    pub fn store(&mut self, x: u32) -> u32 {
        self.store.put(x)
    }
}

fn main() {}
