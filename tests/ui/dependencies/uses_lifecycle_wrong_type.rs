//! `uses(lifecycle)` passes a `StatusHandle`, by value: a component that takes something else
//! gets one error, at `uses`.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

struct Health;
impl<'a> Uses<&'a StatusHandle> for Health {}

#[derive(Orchestrator)]
struct Shop {
    #[component]
    database: Database,
    #[component(uses(lifecycle))]
    health: Health,
    lifecycle: Lifecycle,
}

fn main() {
    let _ = Shop::from_parts(Database, Health);
}
