//! `allow(too_many_components)`: nine components on purpose.
use orchestrator::prelude::*;

struct A;
impl Component for A {}

#[derive(Orchestrator)]
#[orchestrator(allow(too_many_components))]
struct Nine {
    #[component]
    c1: A,
    #[component]
    c2: A,
    #[component]
    c3: A,
    #[component]
    c4: A,
    #[component]
    c5: A,
    #[component]
    c6: A,
    #[component]
    c7: A,
    #[component]
    c8: A,
    #[component]
    c9: A,
    lifecycle: Lifecycle,
}

fn main() {
    let mut nine = Nine::from_parts(A, A, A, A, A, A, A, A, A);
    nine.initialize().unwrap();
}
