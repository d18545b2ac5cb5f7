//! `timeout_ms` on a component that implements only the sync `Uses`.
use orchestrator::async_prelude::*;

#[derive(Default)]
struct Database;
impl AsyncComponent for Database {}

/// A sync component: its `init` blocks the thread.
#[derive(Default)]
struct Indexer;
impl<'a> Uses<&'a Database> for Indexer {}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Crawler {
    #[component]
    database: Database,
    #[component(uses(database), timeout_ms = 500)]
    indexer: Indexer,
    lifecycle: Lifecycle,
}

fn main() {
    let _ = Crawler::from_parts(Database, Indexer);
}
