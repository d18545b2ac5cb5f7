//! `#[orchestrator(allow(...))]` on a field.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
struct Services {
    #[component]
    database: Database,
    #[component]
    cache: Database,
    #[orchestrator(allow(orchestrator_state))]
    requests: u64,
    lifecycle: Lifecycle,
}

fn main() {
    let mut services = Services::from_parts(Database, Database, 0);
    services.initialize().unwrap();
    let _ = services.requests;
}
