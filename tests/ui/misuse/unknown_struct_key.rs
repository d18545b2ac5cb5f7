use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
#[orchestrator(max_component = 4)]
struct Processing {
    #[component]
    a: A,
    #[component]
    b: B,
    lifecycle: Lifecycle,
}

fn main() {
    let mut p = Processing::from_parts(A, B);
    let _ = p.initialize();
}
