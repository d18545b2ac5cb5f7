use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
struct Wrapper {
    #[component]
    a: A,
    lifecycle: Lifecycle,
}

fn main() {
    let mut w = Wrapper::from_parts(A);
    let _ = w.initialize();
}
