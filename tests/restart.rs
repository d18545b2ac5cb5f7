//! `restart(component)` of a derived sync orchestrator: the component and its transitive
//! dependents are cleaned up in reverse order and initialized again in order; the others keep
//! running; failures follow the rules of `initialize()`.

use std::sync::{Arc, Mutex};

use orchestrator::RestartError;
use orchestrator::prelude::*;

type Log = Arc<Mutex<Vec<String>>>;

#[derive(Default)]
struct ComponentField {
    name: &'static str,
    log: Log,
    fail_init: bool,
    fail_cleanup: bool,
}

impl ComponentField {
    fn new(name: &'static str, log: &Log) -> Self {
        Self { name, log: log.clone(), ..Self::default() }
    }
}

impl Component for ComponentField {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.log.lock().unwrap().push(format!("init {}", self.name));
        if self.fail_init { Err(format!("{} refused", self.name).into()) } else { Ok(()) }
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.log.lock().unwrap().push(format!("cleanup {}", self.name));
        if self.fail_cleanup { Err(format!("{} stuck", self.name).into()) } else { Ok(()) }
    }
}

/// `db` <- `cache` <- `web`, and `metrics` on its own.
#[derive(Orchestrator)]
struct Shop {
    #[component]
    db: ComponentField,
    #[component]
    metrics: ComponentField,
    #[component(after(db))]
    cache: ComponentField,
    #[component(after(cache))]
    web: ComponentField,
    lifecycle: Lifecycle,
}

fn shop() -> (Shop, Log) {
    let log = Log::default();
    let shop = Shop::from_parts(
        ComponentField::new("db", &log),
        ComponentField::new("metrics", &log),
        ComponentField::new("cache", &log),
        ComponentField::new("web", &log),
    );
    (shop, log)
}

fn take(log: &Log) -> Vec<String> {
    std::mem::take(&mut *log.lock().unwrap())
}

#[test]
fn restart_cleans_the_dependents_in_reverse_and_initializes_them_in_order() {
    let (mut shop, log) = shop();
    shop.initialize().unwrap();
    take(&log);
    shop.restart("db").unwrap();
    assert_eq!(take(&log), ["cleanup web", "cleanup cache", "cleanup db", "init db", "init cache", "init web"]);
    assert_eq!(shop.state(), State::Ready);

    shop.restart("cache").unwrap();
    assert_eq!(take(&log), ["cleanup web", "cleanup cache", "init cache", "init web"]);
    shop.restart("metrics").unwrap();
    assert_eq!(take(&log), ["cleanup metrics", "init metrics"]);

    let restarts: Vec<_> = shop.status().components.iter().map(|c| (c.name, c.restarts)).collect();
    assert_eq!(restarts, [("db", 1), ("metrics", 1), ("cache", 2), ("web", 2)]);
    let table = shop.status().to_string();
    let header = table.lines().nth(1).unwrap();
    assert!(header.split_whitespace().eq(["#", "component", "type", "state", "health", "init", "restarts"]), "{table}");
    assert!(table.lines().nth(4).unwrap().ends_with(" 2"), "web restarted twice: {table}");
}

#[test]
fn a_failed_reinitialization_rolls_everything_back() {
    let (mut shop, log) = shop();
    shop.initialize().unwrap();
    take(&log);
    shop.cache.fail_init = true;
    let err = shop.restart("cache").unwrap_err();
    let RestartError::Init(init) = &err else { panic!("{err}") };
    assert_eq!(init.component(), "cache");
    assert_eq!(take(&log), ["cleanup web", "cleanup cache", "init cache", "cleanup metrics", "cleanup db"]);
    assert_eq!(shop.state(), State::Failed);
    assert_eq!(err.to_string(), "restart failed: Shop: init of component `cache` failed: cache refused");
}

#[test]
fn failed_cleanups_are_reported_and_the_orchestrator_is_ready_again() {
    let (mut shop, log) = shop();
    shop.initialize().unwrap();
    take(&log);
    shop.web.fail_cleanup = true;
    let err = shop.restart("cache").unwrap_err();
    assert!(matches!(&err, RestartError::Cleanup(c) if c.errors()[0].component == "web"), "{err}");
    assert_eq!(take(&log), ["cleanup web", "cleanup cache", "init cache", "init web"]);
    assert_eq!(shop.state(), State::Ready);
    assert_eq!(shop.status().last_failure.map(|f| f.to_string()), Some("cleanup of `web` failed: web stuck".into()));
}

#[test]
fn restart_of_an_unknown_name_or_when_not_ready_changes_nothing() {
    let (mut shop, log) = shop();
    assert!(matches!(shop.restart("db"), Err(RestartError::Unavailable { state: State::Created, .. })));
    shop.initialize().unwrap();
    take(&log);
    let err = shop.restart("dbb").unwrap_err();
    assert_eq!(err.to_string(), "Shop: restart refused: no component is named `dbb`; did you mean `db`?");
    assert!(take(&log).is_empty());
    assert_eq!(shop.state(), State::Ready);
}
