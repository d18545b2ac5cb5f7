//! `max_components = "9"`: a string where a number goes.
use orchestrator::prelude::*;

struct Part;
impl Component for Part {}

#[derive(Orchestrator)]
#[orchestrator(max_components = "9")]
struct Wide {
    #[component]
    c1: Part,
    #[component]
    c2: Part,
    #[component]
    c3: Part,
    #[component]
    c4: Part,
    #[component]
    c5: Part,
    #[component]
    c6: Part,
    #[component]
    c7: Part,
    #[component]
    c8: Part,
    #[component]
    c9: Part,
    lifecycle: Lifecycle,
}

fn main() {}
