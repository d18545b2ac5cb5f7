//! An `AsyncComponent` in an orchestrator without `#[orchestrator(async)]`.
use orchestrator::async_prelude::*;

struct Database;
impl Component for Database {}

struct Pool;
impl AsyncComponent for Pool {}

#[derive(Orchestrator)]
struct Services {
    #[component]
    database: Database,
    #[component]
    pool: Pool,
    lifecycle: Lifecycle,
}

fn main() {
    let mut services = Services::from_parts(Database, Pool);
    services.initialize().unwrap();
}
