use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}

#[derive(Orchestrator)]

struct Processing {
    #[component(name)]
    a: A,
    #[component]
    b: B,
    lifecycle: Lifecycle,
}

fn main() {
    let mut processing = Processing::from_parts(A, B);
    let _ = processing.initialize();
}
