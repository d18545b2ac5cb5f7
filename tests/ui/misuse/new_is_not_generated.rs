//! `new(...)` is not generated (the name is left to your own impl block): the constructor that
//! takes every field is `from_parts(...)`.
use orchestrator::prelude::*;

struct A;
impl Component for A {}

#[derive(Orchestrator)]
struct Processing {
    #[component]
    a: A,
    #[component]
    b: A,
    lifecycle: Lifecycle,
}

fn main() {
    let mut p = Processing::new(A, A);
    let _ = p.initialize();
}
