//! A coordination method that calls its hidden steps on `*self`.
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
    pub fn process(&mut self, x: u32) -> u32 {
        (*self).steps(x)
    }

    fn steps(&mut self, x: u32) -> u32 {
        let v = self.validator.validate(x);
        self.store.put(v)
    }
}

fn main() {}
