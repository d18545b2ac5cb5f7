//! `too_long` on a generic orchestrator: checked when a coordination method is instantiated.
use orchestrator::prelude::*;

#[derive(Debug, Default)]
struct Validator;
impl Component for Validator {}

#[derive(Orchestrator)]
#[orchestrator(max_lines = 10)]
struct Generic<V: Component> {
    #[component]
    first: V,
    #[component]
    second: V,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl<V: Component> Generic<V> {
    pub fn first(&self) -> &V {
        &self.first
    }
}

fn main() {
    let generic = Generic::from_parts(Validator, Validator);
    let _ = generic.first();
}
