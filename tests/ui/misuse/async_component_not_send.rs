//! A component holding an `Rc` in an async orchestrator, which must be `Send`.
// errors: 2 (rustc reports the orchestrator that is not `Send`, at `async`, and the field; see the README)
use std::rc::Rc;

use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

struct Cache {
    entries: Rc<Vec<String>>,
}
impl Component for Cache {}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Services {
    #[component]
    database: Database,
    #[component]
    cache: Cache,
    lifecycle: Lifecycle,
}

fn main() {
    let mut services = Services::from_parts(Database, Cache { entries: Rc::default() });
    let _ = services.cache.entries.len();
    let _ = services.initialize();
}
