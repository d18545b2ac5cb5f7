//! `keys = ...` cannot give the key enum the struct's own name.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}
struct Cache;
impl Component for Cache {}

#[derive(Orchestrator)]
#[orchestrator(keys = Shop)]
struct Shop {
    #[component]
    database: Database,
    #[component]
    cache: Cache,
    lifecycle: Lifecycle,
}

fn main() {
    let _ = Shop::from_parts(Database, Cache);
}
