//! `uses(database), uses(cache)`: two `uses` keys on one component.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}
struct Cache;
impl Component for Cache {}

struct Worker;
impl<'a> Uses<(&'a Database, &'a Cache)> for Worker {}

#[derive(Orchestrator)]
struct Jobs {
    #[component]
    database: Database,
    #[component]
    cache: Cache,
    #[component(uses(database), uses(cache))]
    worker: Worker,
    lifecycle: Lifecycle,
}

fn main() {
    let mut jobs = Jobs::from_parts(Database, Cache, Worker);
    jobs.initialize().unwrap();
}
