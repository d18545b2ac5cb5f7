//! `keys` takes the name of the enum.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}
struct Cache;
impl Component for Cache {}

#[derive(Orchestrator)]
#[orchestrator(keys = "ShopKey")]
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
