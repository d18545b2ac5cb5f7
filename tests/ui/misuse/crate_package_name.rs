//! `crate = orchestrator_pattern`: the package's name, not the library's.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
#[orchestrator(crate = orchestrator_pattern)]
struct Services {
    #[component]
    database: Database,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

fn main() {
    let mut services = Services::from_parts(Database, Database);
    services.initialize().unwrap();
}
