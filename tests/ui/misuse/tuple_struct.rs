use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
struct Processing(#[component] A, #[component] B, Lifecycle);

fn main() {
    let mut p = Processing(A, B, Lifecycle::default());
    let _ = p.initialize();
    let _ = p.status();
}
