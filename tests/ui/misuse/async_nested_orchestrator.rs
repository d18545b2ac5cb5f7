//! An async orchestrator nested in an async one and in a sync one: two mistakes.
// errors: 2
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Inner {
    #[component]
    database: Database,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Outer {
    #[component]
    inner: Inner,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

#[derive(Orchestrator)]
struct SyncOuter {
    #[component]
    inner: Inner,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

fn main() {}
