//! `from_config` on an orchestrator without a config field.
use orchestrator::prelude::*;

struct A;
impl Component for A {}

#[derive(Orchestrator)]
#[orchestrator(from_config)]
struct Processing {
    #[component]
    a: A,
    #[component]
    b: A,
    lifecycle: Lifecycle,
}

fn main() {
    let mut p = Processing::from_config(());
    let _ = p.initialize();
}
