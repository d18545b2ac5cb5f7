//! `#[orchestrate]` on the impl block of a struct without `#[derive(Orchestrator)]`.
use orchestrator::prelude::*;

#[derive(Debug, Default)]
struct Validator;
impl Component for Validator {}

struct Processing {
    validator: Validator,
}

#[orchestrate]
impl Processing {
    pub fn process(&mut self) -> bool {
        self.validator.health().is_healthy()
    }

    pub fn check(&self) -> Result<(), NotReady> {
        Ok(())
    }
}

fn main() {
    let _ = Processing { validator: Validator }.process();
}
