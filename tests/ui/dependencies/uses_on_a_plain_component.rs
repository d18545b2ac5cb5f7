use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

/// A plain component: its `init` takes nothing.
struct Worker;
impl Component for Worker {}

#[derive(Orchestrator)]
struct Jobs {
    #[component]
    db: Database,
    #[component(uses(db))]
    worker: Worker,
    lifecycle: Lifecycle,
}

fn main() {}
