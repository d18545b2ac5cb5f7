//! The key enum `#[derive(Orchestrator)]` generates next to the struct: one variant per
//! component, accepted wherever a component's name is (`restart`, `restart_with`,
//! `set_timeout`, `Status::component`, `LiveStatus::component`, `RunReport::exit`,
//! `Supervision::restart_policy_of`), for sync, async and generic orchestrators; and strings
//! still accepted, an unknown one answered with the closest name.

use std::sync::{Arc, Mutex};

use orchestrator::prelude::*;
use orchestrator::{ComponentName, ComponentOf, RestartError};

type Log = Arc<Mutex<Vec<String>>>;

struct Part {
    name: &'static str,
    log: Log,
}

impl Part {
    fn new(name: &'static str, log: &Log) -> Self {
        Self { name, log: log.clone() }
    }
}

impl Component for Part {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.log.lock().unwrap().push(format!("init {}", self.name));
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.log.lock().unwrap().push(format!("cleanup {}", self.name));
        Ok(())
    }
}

/// `db` <- `cache` <- `web`, and the audit log on its own, declared first but initialized
/// after `db`'s chain has started.
#[derive(Orchestrator)]
struct Shop {
    #[component(name = "audit-log", after(db))]
    audit_log: Part,
    #[component]
    db: Part,
    #[component(after(db))]
    cache: Part,
    #[component(after(cache))]
    web: Part,
    lifecycle: Lifecycle,
}

fn shop() -> (Shop, Log) {
    let log = Log::default();
    let shop = Shop::from_parts(
        Part::new("audit-log", &log),
        Part::new("db", &log),
        Part::new("cache", &log),
        Part::new("web", &log),
    );
    (shop, log)
}

fn take(log: &Log) -> Vec<String> {
    std::mem::take(&mut *log.lock().unwrap())
}

#[test]
fn the_keys_follow_initialization_order_and_name_the_components() {
    assert_eq!(Shop::COMPONENTS, ["db", "audit-log", "cache", "web"]);
    assert_eq!(
        ShopComponent::ALL,
        [ShopComponent::Db, ShopComponent::AuditLog, ShopComponent::Cache, ShopComponent::Web]
    );
    let names: Vec<&str> = ShopComponent::ALL.iter().map(ComponentName::component_name).collect();
    assert_eq!(names, Shop::COMPONENTS);
    // the field's name in UpperCamelCase, the component's name in Display
    assert_eq!(format!("{:?} is {}", ShopComponent::AuditLog, ShopComponent::AuditLog), "AuditLog is audit-log");
    assert_eq!(format!("[{:>5}]", ShopComponent::Db), "[   db]");
    // ordered like COMPONENTS, usable as map keys
    assert!(ShopComponent::Db < ShopComponent::Web);
    let set: std::collections::BTreeSet<_> = [ShopComponent::Web, ShopComponent::Db].into_iter().collect();
    assert_eq!(set.into_iter().collect::<Vec<_>>(), [ShopComponent::Db, ShopComponent::Web]);
}

#[test]
fn restart_takes_a_key_or_a_string() {
    let (mut shop, log) = shop();
    shop.initialize().unwrap();
    take(&log);
    shop.restart(ShopComponent::Cache).unwrap();
    assert_eq!(take(&log), ["cleanup web", "cleanup cache", "init cache", "init web"]);
    shop.restart("cache").unwrap();
    assert_eq!(take(&log), ["cleanup web", "cleanup cache", "init cache", "init web"]);
    let from_config = String::from("audit-log");
    shop.restart(&from_config).unwrap();
    shop.restart(from_config).unwrap();
    assert_eq!(take(&log), ["cleanup audit-log", "init audit-log", "cleanup audit-log", "init audit-log"]);
    assert_eq!(shop.status().component(ShopComponent::Cache).unwrap().restarts, 2);
    assert_eq!(shop.status().component("audit-log").unwrap().restarts, 2);
    assert_eq!(shop.status().component("nothing"), None);
}

#[test]
fn restart_with_on_a_sync_orchestrator_follows_its_policy() {
    let (mut shop, log) = shop();
    shop.initialize().unwrap();
    take(&log);
    shop.restart_with(ShopComponent::Db, RestartPolicy::Component).unwrap();
    assert_eq!(take(&log), ["cleanup db", "init db"]);
    let everything = [
        "cleanup web",
        "cleanup cache",
        "cleanup audit-log",
        "cleanup db",
        "init db",
        "init audit-log",
        "init cache",
        "init web",
    ];
    // db: everything depends on it
    shop.restart_with(ShopComponent::Db, RestartPolicy::WithDependents).unwrap();
    assert_eq!(take(&log), everything);
    // web: nothing depends on it, and `All` restarts everything anyway
    shop.restart_with("web", RestartPolicy::All).unwrap();
    assert_eq!(take(&log), everything);
    let restarts: Vec<_> = shop.status().components.iter().map(|c| (c.name, c.restarts)).collect();
    assert_eq!(restarts, [("db", 3), ("audit-log", 2), ("cache", 2), ("web", 2)]);
    assert_eq!(shop.state(), State::Ready);
}

#[test]
fn an_unknown_string_suggests_the_closest_name_and_changes_nothing() {
    let (mut shop, log) = shop();
    shop.initialize().unwrap();
    take(&log);
    let err = shop.restart("dbb").unwrap_err();
    assert!(
        matches!(&err, RestartError::UnknownComponent { orchestrator: "Shop", name, closest: Some("db") } if name == "dbb"),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "Shop: restart refused: no component is named `dbb`; did you mean `db`?");
    let err = shop.restart_with("audit_log", RestartPolicy::Component).unwrap_err();
    assert_eq!(err.to_string(), "Shop: restart refused: no component is named `audit_log`; did you mean `audit-log`?");
    let err = shop.restart("payments").unwrap_err();
    assert_eq!(err.to_string(), "Shop: restart refused: no component is named `payments`");
    assert!(take(&log).is_empty());
    assert_eq!(shop.state(), State::Ready);
}

/// A generic orchestrator has one key enum, whatever its parameters.
#[derive(Orchestrator)]
#[orchestrator(keys = CheckoutPart)]
struct Checkout<P: Component, N>
where
    N: Component,
{
    #[component]
    payments: P,
    #[component(name = "notifier", after(payments))]
    notify: N,
    lifecycle: Lifecycle,
}

struct Quiet;
impl Component for Quiet {}

#[test]
fn a_generic_orchestrator_takes_its_keys_for_every_parameter() {
    let log = Log::default();
    let mut real = Checkout::from_parts(Part::new("payments", &log), Part::new("notifier", &log));
    real.initialize().unwrap();
    take(&log);
    real.restart(CheckoutPart::Payments).unwrap();
    assert_eq!(take(&log), ["cleanup notifier", "cleanup payments", "init payments", "init notifier"]);

    let mut mocked = Checkout::from_parts(Quiet, Part::new("notifier", &log));
    mocked.initialize().unwrap();
    take(&log);
    mocked.restart_with(CheckoutPart::Notify, RestartPolicy::Component).unwrap();
    assert_eq!(take(&log), ["cleanup notifier", "init notifier"]);
    assert_eq!(CheckoutPart::Notify.to_string(), "notifier");
}

/// Code generic over orchestrators names components with `ComponentOf`.
fn restart_twice<O: Orchestrator>(
    orchestrator: &mut O,
    component: impl ComponentOf<O> + Copy,
) -> Result<(), RestartError> {
    orchestrator.restart(component)?;
    orchestrator.restart(component)
}

#[test]
fn generic_code_takes_component_of() {
    let (mut shop, log) = shop();
    shop.initialize().unwrap();
    take(&log);
    restart_twice(&mut shop, ShopComponent::Web).unwrap();
    restart_twice(&mut shop, "web").unwrap();
    assert_eq!(take(&log).len(), 8);
}

#[test]
fn the_live_status_looks_components_up_by_key_or_name() {
    let (mut shop, _log) = shop();
    let handle = shop.status_handle();
    shop.initialize().unwrap();
    shop.restart(ShopComponent::Web).unwrap();
    let live = handle.snapshot();
    assert_eq!(
        live.component(ShopComponent::Web).map(|c| (c.name, c.state, c.restarts)),
        Some(("web", State::Ready, 1))
    );
    assert_eq!(live.component("audit-log").map(|c| c.restarts), Some(0));
    assert_eq!(live.component("nothing"), None);
}

#[cfg(feature = "tokio")]
mod supervised {
    use std::time::Duration;

    use orchestrator::async_prelude::*;
    use orchestrator::{Exit, SupervisionError, TimeoutError};

    struct Worker;
    impl AsyncComponent for Worker {
        async fn init(&mut self) -> Result<(), ComponentError> {
            Ok(())
        }
    }

    struct Stuck;
    impl AsyncComponent for Stuck {
        async fn cleanup(&mut self) -> Result<(), ComponentError> {
            Err("disk full".into())
        }
    }

    #[derive(Orchestrator)]
    #[orchestrator(async)]
    struct Service {
        #[component]
        queue: Worker,
        #[component(after(queue))]
        writer: Stuck,
        lifecycle: Lifecycle,
    }

    #[tokio::test]
    async fn async_restart_and_timeouts_take_keys() {
        let mut service = Service::from_parts(Worker, Stuck);
        service.set_timeout(ServiceComponent::Writer, Some(Duration::from_secs(1))).unwrap();
        service.set_timeout("queue", None).unwrap();
        let err = service.set_timeout("writr", Some(Duration::from_secs(1))).unwrap_err();
        assert_eq!(
            err,
            TimeoutError::UnknownComponent { orchestrator: "Service", name: "writr".into(), closest: Some("writer") }
        );
        assert_eq!(err.to_string(), "`Service` has no component named `writr`; did you mean `writer`?");
        service.initialize().await.unwrap();
        service.restart_with(ServiceComponent::Queue, RestartPolicy::Component).await.unwrap();
        let err = service.restart(ServiceComponent::Queue).await.unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(service.status().component(ServiceComponent::Queue).unwrap().restarts, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn supervision_and_its_report_take_keys() {
        let mut service = Service::from_parts(Worker, Stuck);
        let supervision = Supervision::new().restart_policy_of(ServiceComponent::Writer, RestartPolicy::Component);
        assert_eq!(supervision.policy_of(ServiceComponent::Writer), RestartPolicy::Component);
        assert_eq!(supervision.policy_of("queue"), RestartPolicy::WithDependents);
        let err = service.run(async {}, &supervision).await.unwrap_err();
        let RunError::Stop(report) = err else { panic!("{err}") };
        assert_eq!(report.exit(ServiceComponent::Queue), Some(&Exit::Stopped));
        assert_eq!(report.exit("writer"), Some(&Exit::Failed(ComponentError::msg("disk full"))));
        assert_ne!(report.exit("writer"), Some(&Exit::Panicked(ComponentError::msg("disk full"))));
        assert_eq!(report.exit("nothing"), None);

        let typo = Supervision::new().restart_policy_of("quue", RestartPolicy::All);
        let err = Service::from_parts(Worker, Stuck).run(async {}, &typo).await.unwrap_err();
        let RunError::Supervision(err) = err else { panic!("{err}") };
        assert_eq!(
            err,
            SupervisionError::UnknownComponent { orchestrator: "Service", name: "quue".into(), closest: Some("queue") }
        );
        assert_eq!(
            err.to_string(),
            "a restart policy names `quue`, which is no component of `Service`; did you mean `queue`?"
        );
    }
}
