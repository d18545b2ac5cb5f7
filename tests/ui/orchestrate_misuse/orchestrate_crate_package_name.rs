//! `#[orchestrate(crate = orchestrator_pattern)]`: the package's name, not the library's.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
struct Services {
    #[component]
    database: Database,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

#[orchestrate(crate = orchestrator_pattern)]
impl Services {
    pub fn check(&self) -> Result<(), NotReady> {
        Ok(())
    }
    pub fn name(&self) -> &'static str {
        "services"
    }
}

fn main() {
    let mut services = Services::from_parts(Database, Database);
    services.initialize().unwrap();
    services.check().unwrap();
}
