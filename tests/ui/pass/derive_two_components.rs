//! Exactly `min_components` (2) components, and exactly a custom `max_components`.
use orchestrator::prelude::*;

struct A;
impl Component for A {}

#[derive(Orchestrator)]
struct Pair {
    #[component]
    first: A,
    #[component]
    second: A,
    lifecycle: Lifecycle,
}

#[derive(Orchestrator)]
#[orchestrator(max_components = 3, min_components = 3)]
struct Trio {
    #[component]
    first: A,
    #[component]
    second: A,
    #[component]
    third: A,
    lifecycle: Lifecycle,
}

fn main() {
    let mut pair = Pair::from_parts(A, A);
    pair.initialize().unwrap();
    assert_eq!(Pair::COMPONENTS, &["first", "second"]);
    let trio = Trio::from_parts(A, A, A);
    assert_eq!(trio.status().components.len(), 3);
}
