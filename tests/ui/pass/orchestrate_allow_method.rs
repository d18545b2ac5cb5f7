//! Each impl rule allowed on one method (the attribute is removed from the output).
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
    #[orchestrate(allow(business_logic))]
    pub fn sum(&mut self, inputs: &[u32]) -> u32 {
        let mut total = 0;
        for &x in inputs {
            total += self.validator.validate(x);
        }
        total
    }

    #[orchestrate(allow(complex_conditional))]
    pub fn route(&mut self, kind: u8, x: u32) -> u32 {
        match kind {
            0 => self.validator.validate(x),
            1 => self.store.put(x),
            2 => self.validator.validate(x),
            3 => self.store.put(x),
            _ => x,
        }
    }

    #[orchestrate(allow(direct_io))]
    pub fn exists(&self, path: &str) -> bool {
        self.validator.validate(0) == 0 && std::fs::metadata(path).is_ok()
    }

    #[orchestrate(allow(hidden_coordination))]
    pub fn process(&mut self, x: u32) -> u32 {
        self.steps(x)
    }

    fn steps(&mut self, x: u32) -> u32 {
        let v = self.validator.validate(x);
        self.store.put(v)
    }
}

fn main() {
    let mut p = Processing::from_parts(Validator, Store);
    p.initialize().unwrap();
    assert_eq!(p.sum(&[1, 2]), 3);
    assert_eq!(p.route(4, 5), 5);
    assert!(!p.exists("/nonexistent"));
    assert_eq!(p.process(2), 2);
}
