use orchestrator::AsyncOrchestrator;
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
#[orchestrator(async, cleanup_on_drop)]
struct Services {
    #[component]
    database: Database,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

fn main() {
    let mut services = Services::from_parts(Database, Database);
    let _ = services.initialize();
}
