//! `from_parts = new` next to a `fn new` of the user's own.
// errors: 2 (the collision, at `from_parts = new`, and the call of the now ambiguous `Services::new`, which rustc reports where it is written)
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
#[orchestrator(from_parts = new)]
struct Services {
    #[component]
    database: Database,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

impl Services {
    pub fn new() -> Self {
        Self { database: Database, cache: Database, lifecycle: Lifecycle::default() }
    }
}

fn main() {
    let mut services = Services::new();
    services.initialize().unwrap();
}
