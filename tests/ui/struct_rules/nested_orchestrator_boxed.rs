//! A boxed orchestrator as a component: `Box<C>` is the component `C`, so the rule looks through
//! the box.
use orchestrator::prelude::*;

struct A;
impl Component for A {}

#[derive(Orchestrator)]
struct Inner {
    #[component]
    a: A,
    #[component]
    b: A,
    lifecycle: Lifecycle,
}

#[derive(Orchestrator)]
struct Outer {
    #[component]
    inner: Box<Inner>,
    #[component]
    a: A,
    lifecycle: Lifecycle,
}

fn main() {
    let mut outer = Outer::from_parts(Box::new(Inner::from_parts(A, A)), A);
    let _ = outer.initialize();
}
