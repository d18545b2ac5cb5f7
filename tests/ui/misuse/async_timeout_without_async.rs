use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
struct Services {
    #[component(timeout_ms = 500)]
    database: Database,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

fn main() {
    let mut services = Services::from_parts(Database, Database);
    let _ = services.initialize();
}
