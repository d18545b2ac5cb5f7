use orchestrator::prelude::*;
use orchestrator::Uses;

struct Database;
impl Component for Database {}

struct Worker;
impl<'a> Uses<&'a Database> for Worker {}

#[derive(Orchestrator)]
struct Jobs {
    #[component]
    db: Database,
    #[component(uses(dbb))]
    worker: Worker,
    lifecycle: Lifecycle,
}

fn main() {}
