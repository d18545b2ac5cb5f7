//! A derived orchestrator as the type of a generic component: it is no `Component` (and cannot
//! be one), so the struct's bound rejects it where the type becomes concrete.
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
struct Outer<T: Component> {
    #[component]
    inner: T,
    #[component]
    a: A,
    lifecycle: Lifecycle,
}

fn start(_outer: &mut Outer<Inner>) {}

fn main() {
    let _ = start;
}
