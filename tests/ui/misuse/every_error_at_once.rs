//! Six mistakes in one struct, each reported in the same build.
// errors: 6
use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
#[orchestrator(max_componets = 4, allow(too_many))]
struct Processing {
    #[component(after(z))]
    a: A,
    #[component(nmae = "b")]
    b: B,
    counter: u32,
}

fn main() {
    let mut p = Processing::from_parts(A, B, 0);
    let _ = p.initialize();
}
