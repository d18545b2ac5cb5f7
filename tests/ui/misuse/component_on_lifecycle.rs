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
    #[component]
    lifecycle: Lifecycle,
}

fn main() {
    let mut p = Processing::from_parts(A, B);
    let _ = p.initialize();
}
