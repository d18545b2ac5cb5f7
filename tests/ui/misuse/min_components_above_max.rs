//! `min_components` above `max_components`: no number of components satisfies both.
use orchestrator::prelude::*;

struct A;
impl Component for A {}

#[derive(Orchestrator)]
#[orchestrator(min_components = 5, max_components = 3)]
struct Processing {
    #[component]
    a: A,
    #[component]
    b: A,
    lifecycle: Lifecycle,
}

fn main() {
    let mut p = Processing::from_parts(A, A);
    let _ = p.initialize();
}
