//! Exactly `max_components` (8) components, the default limit.
use orchestrator::prelude::*;

struct A;
impl Component for A {}

#[derive(Orchestrator)]
struct Eight {
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
    lifecycle: Lifecycle,
}

fn main() {
    let mut eight = Eight::from_parts(A, A, A, A, A, A, A, A);
    eight.initialize().unwrap();
    assert_eq!(Eight::COMPONENTS.len(), 8);
}
