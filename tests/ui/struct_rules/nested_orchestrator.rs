use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
struct Inner {
    #[component]
    a: A,
    #[component]
    b: B,
    lifecycle: Lifecycle,
}

#[derive(Orchestrator)]
struct Outer {
    #[component]
    inner: Inner,
    #[component]
    c: C,
    lifecycle: Lifecycle,
}

fn main() {
    let mut outer = Outer::from_parts(Inner::from_parts(A, B), C);
    let _ = outer.initialize();
}
