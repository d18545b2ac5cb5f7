//! A generic component slot (for a mock) with `uses(...)` and no bound on its parameter.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
struct Jobs<W> {
    #[component]
    database: Database,
    #[component(uses(database))]
    worker: W,
    lifecycle: Lifecycle,
}

struct Worker;
impl<'a> Uses<&'a Database> for Worker {}

fn main() {
    let mut jobs = Jobs::from_parts(Database, Worker);
    jobs.initialize().unwrap();
}
