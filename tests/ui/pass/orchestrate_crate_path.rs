//! `crate = path` names where the runtime is.
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

#[orchestrate(crate = ::orchestrator)]
impl Processing {
    pub fn validate(&self, x: u32) -> u32 {
        self.validator.validate(x)
    }
}

fn main() {
    let mut p = Processing::from_parts(Validator, Store);
    p.initialize().unwrap();
    assert_eq!(p.validate(1), 1);
}
