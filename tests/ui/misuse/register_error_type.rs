//! A register hook whose error type does not convert into `ComponentError`.
use orchestrator::prelude::*;

struct A;
impl Component for A {}

#[derive(Orchestrator)]
#[orchestrator(register = Self::wire)]
struct Processing {
    #[component]
    a: A,
    #[component]
    b: A,
    lifecycle: Lifecycle,
}

impl Processing {
    fn wire(&mut self) -> Result<(), u32> {
        Ok(())
    }
}

fn main() {
    let mut p = Processing::from_parts(A, A);
    let _ = p.initialize();
}
