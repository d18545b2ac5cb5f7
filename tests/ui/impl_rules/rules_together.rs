//! Every violation of one block is reported in the same build.
// errors: 4
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
    pub fn process(&mut self, inputs: &[u32]) -> u32 {
        let mut total = 0;
        for &x in inputs {
            total += self.validator.validate(x);
        }
        let _ = std::fs::remove_file("total");
        self.steps(total)
    }

    fn steps(&mut self, x: u32) -> u32 {
        self.store.put(x)
    }
}

fn main() {}
