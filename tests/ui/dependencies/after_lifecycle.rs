//! `after(lifecycle)`: the lifecycle is there before every component; the help says how to
//! receive the live status instead.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}
struct Cache;
impl Component for Cache {}

#[derive(Orchestrator)]
struct Shop {
    #[component]
    database: Database,
    #[component(after(lifecycle))]
    cache: Cache,
    lifecycle: Lifecycle,
}

fn main() {
    let _ = Shop::from_parts(Database, Cache);
}
