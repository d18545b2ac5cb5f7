//! An `async fn` register hook on an orchestrator without `#[orchestrator(async)]`.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
#[orchestrator(register = Self::wire)]
struct Services {
    #[component]
    database: Database,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

impl Services {
    async fn wire(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }
}

fn main() {
    let mut services = Services::from_parts(Database, Database);
    services.initialize().unwrap();
}
