//! A misspelt component key does not compile: one error, at the key, with the closest variant.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}
struct Cache;
impl Component for Cache {}

#[derive(Orchestrator)]
struct Shop {
    #[component]
    database: Database,
    #[component(after(database))]
    cache: Cache,
    lifecycle: Lifecycle,
}

fn main() {
    let mut shop = Shop::from_parts(Database, Cache);
    shop.initialize().unwrap();
    shop.restart(ShopComponent::Databse).unwrap();
}
