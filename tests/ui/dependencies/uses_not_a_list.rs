//! `uses = database`: a value where `uses` takes a list.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

struct Worker;
impl<'a> Uses<&'a Database> for Worker {}

#[derive(Orchestrator)]
struct Jobs {
    #[component]
    database: Database,
    #[component(uses = database)]
    worker: Worker,
    lifecycle: Lifecycle,
}

fn main() {
    let mut jobs = Jobs::from_parts(Database, Worker);
    jobs.initialize().unwrap();
}
