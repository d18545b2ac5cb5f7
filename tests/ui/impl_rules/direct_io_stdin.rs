//! Reading the standard input in a coordination method.
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
    pub fn prompt(&mut self) -> u32 {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).unwrap_or_default();
        self.validator.validate(line.trim().parse().unwrap_or_default())
    }
}

fn main() {}
