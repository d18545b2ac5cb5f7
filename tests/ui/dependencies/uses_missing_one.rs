use orchestrator::prelude::*;
use orchestrator::AsyncUses;

struct Database;
impl Component for Database {}

struct Queue;
impl Component for Queue {}

/// It starts with the database and the queue; `uses(...)` names only the database.
struct Worker;
impl<'a> AsyncUses<(&'a Database, &'a Queue)> for Worker {}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Jobs {
    #[component]
    db: Database,
    #[component]
    queue: Queue,
    #[component(uses(db))]
    worker: Worker,
    lifecycle: Lifecycle,
}

fn main() {}
