use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
#[orchestrator(allow(too_few_component))]
struct Processing {
    #[component]
    a: A,
    lifecycle: Lifecycle,
}

fn main() {
    let mut p = Processing::from_parts(A);
    let _ = p.initialize();
}
