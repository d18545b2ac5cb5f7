//! `allow(too_few_components)`: a deliberate one-component orchestrator.
use orchestrator::prelude::*;

struct A;
impl Component for A {}

#[derive(Orchestrator)]
#[orchestrator(allow(too_few_components))]
struct Single {
    #[component]
    only: A,
    lifecycle: Lifecycle,
}

fn main() {
    let mut single = Single::from_parts(A);
    single.initialize().unwrap();
}
