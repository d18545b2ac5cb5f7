use orchestrator::prelude::*;
use orchestrator::AsyncComponent;

/// A sync component: its `init` blocks the thread.
#[derive(Default)]
struct Indexer;
impl Component for Indexer {}

#[derive(Default)]
struct Fetcher;
impl AsyncComponent for Fetcher {}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Crawler {
    #[component(timeout_ms = 500)]
    fetcher: Fetcher,
    #[component(timeout_ms = 500)]
    indexer: Indexer,
    lifecycle: Lifecycle,
}

fn main() {
    let _ = Crawler::from_parts(Fetcher, Indexer);
}
