use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
struct Processing {
    #[component]
    a: A,
    #[component]
    b: B,
    #[orchestrator(confg)]
    settings: u32,
    lifecycle: Lifecycle,
}

fn main() {
    let mut p = Processing::from_parts(A, B, 1);
    let _ = p.initialize();
}
