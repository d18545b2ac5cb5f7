//! `timeout_ms = -1`.
use orchestrator::async_prelude::*;

struct Fetcher;
impl AsyncComponent for Fetcher {}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Crawler {
    #[component(timeout_ms = -1)]
    fetcher: Fetcher,
    #[component]
    parser: Fetcher,
    lifecycle: Lifecycle,
}

fn main() {
    let _ = Crawler::from_parts(Fetcher, Fetcher);
}
