//! `uses(...)` naming no component in an async orchestrator: the one unknown_dependency error.
use orchestrator::prelude::*;
use orchestrator::AsyncUses;
struct Database;
impl Component for Database {}
struct Worker;
impl<'a> AsyncUses<&'a Database> for Worker {}
#[derive(Orchestrator)]
#[orchestrator(async)]
struct Jobs {
    #[component]
    db: Database,
    #[component(uses(dbb))]
    worker: Worker,
    lifecycle: Lifecycle,
}
fn main() {}
