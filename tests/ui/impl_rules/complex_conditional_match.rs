//! A `match` with 5 arms in a coordination method.
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
    pub fn route(&mut self, kind: u8, x: u32) -> u32 {
        match kind {
            0 => self.validator.validate(x),
            1 => self.store.put(x),
            2 => self.validator.validate(x),
            3 => self.store.put(x),
            _ => x,
        }
    }
}

fn main() {}
