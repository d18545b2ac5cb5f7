//! A generic component slot with `uses(...)` and no bound, in an async orchestrator.
use orchestrator::async_prelude::*;

struct Database;
impl AsyncComponent for Database {}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Jobs<W> {
    #[component]
    database: Database,
    #[component(uses(database))]
    worker: W,
    lifecycle: Lifecycle,
}

struct Worker;
impl<'a> AsyncUses<&'a Database> for Worker {}

fn main() {
    let jobs = Jobs::from_parts(Database, Worker);
    let _ = jobs.state();
}
