//! `from_config = from_settings` with the config field left unmarked.
use orchestrator::prelude::*;

#[derive(Debug)]
struct Settings;

struct Database;
impl Component for Database {}
impl FromConfig<Settings> for Database {
    fn from_config(_: &Settings) -> Self {
        Database
    }
}

#[derive(Orchestrator)]
#[orchestrator(from_config = from_settings)]
struct Services {
    settings: Settings,
    #[component]
    database: Database,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

fn main() {
    let mut services = Services::from_settings(Settings);
    services.initialize().unwrap();
}
