//! A `pub(crate)` method is a coordination method: it is checked like a `pub` one.
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
    pub(crate) fn process(&mut self, inputs: &[u32]) -> u32 {
        for &x in inputs {
            self.validator.validate(x);
        }
        self.store.put(0)
    }
}

fn main() {}
