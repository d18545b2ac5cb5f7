//! A method-level `allow(...)` naming a struct rule: the rules allowable on a method are listed, without `too_long`.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
struct Services {
    #[component]
    database: Database,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Services {
    #[orchestrate(allow(too_many_components))]
    pub fn check(&self) -> Result<(), NotReady> {
        Ok(())
    }
}

fn main() {}
