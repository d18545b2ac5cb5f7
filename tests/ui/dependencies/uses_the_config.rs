//! `uses(settings)` naming the config field.
use orchestrator::prelude::*;

#[derive(Debug)]
struct Settings {
    url: String,
}

struct Database;
impl Component for Database {}

struct Worker;
impl<'a> Uses<&'a Settings> for Worker {}

#[derive(Orchestrator)]
struct Jobs {
    #[orchestrator(config)]
    settings: Settings,
    #[component]
    database: Database,
    #[component(uses(settings))]
    worker: Worker,
    lifecycle: Lifecycle,
}

fn main() {
    let mut jobs = Jobs::from_parts(Settings { url: String::new() }, Database, Worker);
    jobs.initialize().unwrap();
    let _ = jobs.settings.url;
}
