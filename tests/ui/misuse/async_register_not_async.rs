use orchestrator::AsyncOrchestrator;
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
#[orchestrator(async, register = Self::wire)]
struct Services {
    #[component]
    database: Database,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

impl Services {
    fn wire(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }
}

fn main() {
    let mut services = Services::from_parts(Database, Database);
    let _ = services.initialize();
}
