//! Each impl rule allowed on the block.
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
#[orchestrator(max_lines = 10)]
struct Processing {
    #[component]
    validator: Validator,
    #[component]
    store: Store,
    lifecycle: Lifecycle,
}

#[orchestrate(allow(business_logic, complex_conditional, direct_io, hidden_coordination, too_long))]
impl Processing {
    pub fn all(&mut self, inputs: &[u32], kind: u8) -> u32 {
        let mut total = 0;
        for &x in inputs {
            total += self.validator.validate(x);
        }
        let _ = std::fs::metadata("/nonexistent");
        match kind {
            0 => total,
            1 => total + 1,
            2 => total + 2,
            3 => total + 3,
            _ => self.steps(total),
        }
    }

    fn steps(&mut self, x: u32) -> u32 {
        self.store.put(x)
    }
}

fn main() {
    let mut p = Processing::from_parts(Validator, Store);
    p.initialize().unwrap();
    assert_eq!(p.all(&[1, 2], 0), 3);
}
