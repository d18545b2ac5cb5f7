//! `after(...)` reorders only what it must; COMPONENTS and DEPENDENCIES follow.
use orchestrator::prelude::*;

struct A;
impl Component for A {}

#[derive(Orchestrator)]
struct Ordered {
    #[component(after(store, cache))]
    api: A,
    #[component]
    metrics: A,
    #[component(after(store))]
    cache: A,
    #[component]
    store: A,
    lifecycle: Lifecycle,
}

fn main() {
    assert_eq!(Ordered::COMPONENTS, &["metrics", "store", "cache", "api"]);
    let expected: &[&[usize]] = &[&[], &[], &[1], &[1, 2]];
    assert_eq!(Ordered::DEPENDENCIES, expected);
    let mut ordered = Ordered::from_parts(A, A, A, A);
    ordered.initialize().unwrap();
}
