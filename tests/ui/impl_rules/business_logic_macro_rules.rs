//! Arithmetic inside a `macro_rules!` defined in a coordination method.
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
        macro_rules! double {
            ($e:expr) => {
                $e * 2
            };
        }
        let v = self.validator.validate(x);
        self.store.put(double!(v))
    }
}

fn main() {}
