use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}

#[derive(Orchestrator)]
#[orchestrator(crate = 7)]
struct Processing {
    #[component]
    a: A,
    #[component]
    b: B,
    lifecycle: Lifecycle,
}

fn main() {
    let mut processing = Processing::from_parts(A, B);
    let _ = processing.initialize();
}
