//! `#[orchestrate]` on the generic impl block of a struct without `#[derive(Orchestrator)]`, with
//! sync and async methods: one error.
use orchestrator::prelude::*;

struct Processing<V> {
    validator: V,
}

#[orchestrate]
impl<V: Component> Processing<V> {
    pub fn process(&mut self) -> bool {
        self.validator.health().is_healthy()
    }

    pub fn check(&self) -> Result<(), NotReady> {
        Ok(())
    }

    pub async fn ping(&self) {}
}

fn main() {}
