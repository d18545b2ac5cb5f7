//! The smallest valid orchestrator: two components and the lifecycle.

use orchestrator::prelude::*;

#[derive(Orchestrator)]
struct Pair {
    #[component]
    left: Left,
    #[component]
    right: Right,
    lifecycle: Lifecycle,
}
