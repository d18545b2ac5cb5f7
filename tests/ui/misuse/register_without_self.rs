//! `register = wire`: the hook is a method, written `Self::wire`.
use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
#[orchestrator(register = wire)]
struct Processing {
    #[component]
    a: A,
    #[component]
    b: B,
    lifecycle: Lifecycle,
}

impl Processing {
    fn wire(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }
}

fn main() {
    let mut p = Processing::from_parts(A, B);
    let _ = p.initialize();
}
