//! A `#[cfg(test)]` method of an `#[orchestrate]` block is not checked by the rules.
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
        let v = self.validator.validate(x);
        self.store.put(v)
    }

    /// A test helper: compiled only in tests, it is no product coordination.
    #[cfg(test)]
    pub fn fill_from(&mut self, path: &str) {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for line in text.lines() {
            self.store.put(line.len() as u32 * 2);
        }
    }
}

fn main() {
    let mut p = Processing::from_parts(Validator, Store);
    p.initialize().unwrap();
    assert_eq!(p.process(3), 3);
}
