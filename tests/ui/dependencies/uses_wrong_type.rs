use orchestrator::prelude::*;
use orchestrator::Uses;

struct Database;
impl Component for Database {}

struct Cache;
impl Component for Cache {}

/// It starts with the cache, not with the database.
struct Worker;
impl<'a> Uses<&'a Cache> for Worker {}

#[derive(Orchestrator)]
struct Jobs {
    #[component]
    db: Database,
    #[component]
    cache: Cache,
    #[component(uses(db))]
    worker: Worker,
    lifecycle: Lifecycle,
}

fn main() {}
