//! An async register hook that takes an argument: the hook is `async fn(&mut self)`.
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
    async fn wire(&mut self, _attempt: u32) -> Result<(), ComponentError> {
        Ok(())
    }
}

fn main() {
    let mut services = Services::from_parts(Database, Database);
    let _ = services.initialize();
}
