//! A type of another crate as a component: the help is a struct of your own around it, since
//! the orphan rule forbids `impl Component for Arc<Mutex<Database>>`.
use std::sync::{Arc, Mutex};

use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

struct Cache;
impl Component for Cache {}

#[derive(Orchestrator)]
struct Processing {
    #[component]
    database: Arc<Mutex<Database>>,
    #[component]
    cache: Cache,
    lifecycle: Lifecycle,
}

fn main() {
    let mut processing = Processing::from_parts(Arc::new(Mutex::new(Database)), Cache);
    let _ = processing.initialize();
}
