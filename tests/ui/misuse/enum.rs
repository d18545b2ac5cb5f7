use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
enum Processing {
    First(A),
    Second(B),
}

fn main() {
    let mut p = Processing::First(A);
    let _ = p.initialize();
}
