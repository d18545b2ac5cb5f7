//! A generic component slot with no bound in an async orchestrator: one error, with the bound
//! to write (the health, step and blocking arms each reach the component).
use orchestrator::async_prelude::*;

struct Database;
impl AsyncComponent for Database {}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Services<C> {
    #[component]
    database: Database,
    #[component]
    cache: C,
    lifecycle: Lifecycle,
}

fn main() {
    let services = Services::from_parts(Database, Database);
    let _ = services.state();
}
