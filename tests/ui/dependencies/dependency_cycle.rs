use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
struct Processing {
    #[component(after(c))]
    a: A,
    #[component(after(a))]
    b: B,
    #[component(after(b))]
    c: C,
    lifecycle: Lifecycle,
}

fn main() {
    let mut p = Processing::from_parts(A, B, C);
    let _ = p.initialize();
}
