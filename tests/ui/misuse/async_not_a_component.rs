use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncOrchestrator};

struct Database;
impl AsyncComponent for Database {}

struct Analyzer;

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Services {
    #[component]
    database: Database,
    #[component]
    analyzer: Vec<Analyzer>,
    lifecycle: Lifecycle,
}

fn main() {
    let mut services = Services::from_parts(Database, Vec::new());
    let _ = services.initialize();
}
