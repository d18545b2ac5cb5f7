use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
union Processing {
    a: std::mem::ManuallyDrop<A>,
    b: std::mem::ManuallyDrop<B>,
}

fn main() {}
