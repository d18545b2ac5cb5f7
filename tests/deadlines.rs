//! Deadlines and run-time timeouts of async orchestrators (the `tokio` feature), under tokio's
//! paused clock: time advances only when every task waits, so "returns at the deadline" is
//! exact and does not depend on the machine's speed.
//!
//! The shape is a service's: `http` comes after `worker`, which comes after `db`. Cleanup runs
//! `http`, then `worker`, then `db`.
#![cfg(feature = "tokio")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncOrchestrator, Component, TimedOut, TimeoutError};
use tokio::time::Instant;

type Log = Arc<Mutex<Vec<String>>>;

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

/// How long a step takes (in the paused clock); `None`: it never finishes, and ignores every
/// attempt to stop it but being dropped.
#[derive(Clone, Copy, Default)]
struct Takes {
    init: Option<Duration>,
    cleanup: Option<Duration>,
}

const QUICK: Takes = Takes { init: Some(Duration::ZERO), cleanup: Some(Duration::ZERO) };

struct ComponentField {
    name: &'static str,
    takes: Takes,
    log: Log,
}

impl ComponentField {
    fn new(name: &'static str, takes: Takes, log: &Log) -> Self {
        Self { name, takes, log: log.clone() }
    }
    async fn run(&self, phase: &str, takes: Option<Duration>) {
        match takes {
            Some(d) if d.is_zero() => {}
            Some(d) => tokio::time::sleep(d).await,
            None => std::future::pending().await,
        }
        self.log.lock().unwrap().push(format!("{phase} {}", self.name));
    }
}

impl AsyncComponent for ComponentField {
    async fn init(&mut self) -> Result<(), ComponentError> {
        self.run("init", self.takes.init).await;
        Ok(())
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.run("cleanup", self.takes.cleanup).await;
        Ok(())
    }
}

/// A sync component: its steps block and cannot be timed out.
struct Audit;
impl Component for Audit {}

#[derive(Orchestrator)]
#[orchestrator(async, allow(too_many_components))]
struct Service {
    #[component]
    db: ComponentField,
    #[component(after(db))]
    worker: ComponentField,
    #[component(after(worker), timeout_ms = 60_000)]
    http: ComponentField,
    #[component]
    audit: Audit,
    lifecycle: Lifecycle,
}

fn service(db: Takes, worker: Takes, http: Takes) -> (Service, Log) {
    let log = Log::default();
    let service = Service::from_parts(
        ComponentField::new("db", db, &log),
        ComponentField::new("worker", worker, &log),
        ComponentField::new("http", http, &log),
        Audit,
    );
    (service, log)
}

fn timed_out(error: &ComponentError) -> Option<TimedOut> {
    error.downcast_ref::<TimedOut>().copied()
}

#[tokio::test(start_paused = true)]
async fn cleanup_returns_at_its_deadline_and_still_cleans_what_the_hanging_component_depends_on() {
    let hangs = Takes { init: Some(Duration::ZERO), cleanup: None };
    let (mut service, log) = service(QUICK, QUICK, hangs);
    service.set_cleanup_timeout(Some(Duration::from_secs(5))).unwrap();
    service.initialize().await.unwrap();

    let start = Instant::now();
    let err = service.cleanup().await.expect_err("http never finishes its cleanup");
    assert_eq!(start.elapsed(), Duration::from_secs(5), "returns exactly at the deadline (paused clock)");

    let failures: Vec<_> = err.errors().iter().map(|f| (f.component, timed_out(&f.error))).collect();
    assert_eq!(failures, [("http", Some(TimedOut::deadline("cleanup", 5000)))]);
    assert_eq!(entries(&log), ["init db", "init worker", "init http", "cleanup worker", "cleanup db"]);
    assert_eq!(service.state(), State::Stopped);
    let states: Vec<_> = service.status().components.iter().map(|c| (c.name, c.state)).collect();
    assert_eq!(
        states,
        [("db", State::Stopped), ("worker", State::Stopped), ("http", State::Failed), ("audit", State::Stopped)]
    );
    let last = service.status().last_failure.unwrap();
    assert_eq!(last.to_string(), "cleanup of `http` failed: still running when the cleanup deadline of 5000 ms passed");
}

#[tokio::test(start_paused = true)]
async fn past_the_deadline_each_remaining_step_is_polled_once() {
    // http hangs; worker's cleanup needs 1 s (it would wait: timed out at once); db's is
    // immediate (done)
    let hangs = Takes { init: Some(Duration::ZERO), cleanup: None };
    let slow = Takes { init: Some(Duration::ZERO), cleanup: Some(Duration::from_secs(1)) };
    let (mut service, log) = service(QUICK, slow, hangs);
    service.set_cleanup_timeout(Some(Duration::from_secs(2))).unwrap();
    service.initialize().await.unwrap();
    let start = Instant::now();
    let err = service.cleanup().await.unwrap_err();
    assert_eq!(start.elapsed(), Duration::from_secs(2));
    let failed: Vec<_> = err.errors().iter().map(|f| f.component).collect();
    assert_eq!(failed, ["http", "worker"]);
    assert_eq!(entries(&log), ["init db", "init worker", "init http", "cleanup db"]);
}

#[tokio::test(start_paused = true)]
async fn initialize_returns_at_its_deadline_and_rolls_back() {
    let hangs = Takes { init: None, cleanup: Some(Duration::ZERO) };
    let (mut service, log) = service(QUICK, hangs, QUICK);
    service.set_initialize_timeout(Some(Duration::from_millis(1500))).unwrap();
    let start = Instant::now();
    let err = service.initialize().await.expect_err("worker never finishes its init");
    assert_eq!(start.elapsed(), Duration::from_millis(1500));
    assert_eq!(err.component(), "worker");
    assert_eq!(timed_out(err.cause()), Some(TimedOut::deadline("initialize", 1500)));
    assert_eq!(entries(&log), ["init db", "cleanup db"]);
    assert_eq!(service.state(), State::Failed);
}

#[tokio::test(start_paused = true)]
async fn a_run_time_timeout_overrides_timeout_ms() {
    // http's init takes 10 s; its timeout_ms is 60 s, set to 3 s at run time
    let slow = Takes { init: Some(Duration::from_secs(10)), cleanup: Some(Duration::ZERO) };
    let (mut service, _log) = service(QUICK, QUICK, slow);
    service.set_timeout("http", Some(Duration::from_secs(3))).unwrap();
    let start = Instant::now();
    let err = service.initialize().await.unwrap_err();
    assert_eq!(start.elapsed(), Duration::from_secs(3));
    assert_eq!(timed_out(err.cause()), Some(TimedOut::new(3000)));

    // removed: the 10 s init finishes
    service.set_timeout("http", None).unwrap();
    service.initialize().await.unwrap();
    assert_eq!(service.state(), State::Ready);
}

#[test]
fn setting_a_timeout_on_what_cannot_take_one_is_a_typed_error_and_changes_nothing() {
    let (mut service, _log) = service(QUICK, QUICK, QUICK);
    assert_eq!(
        service.set_timeout("htpp", Some(Duration::from_secs(1))),
        Err(TimeoutError::UnknownComponent { orchestrator: "Service", name: "htpp".into(), closest: Some("http") })
    );
    let err = service.set_timeout("audit", Some(Duration::from_secs(1))).unwrap_err();
    assert_eq!(err, TimeoutError::Blocking { orchestrator: "Service", component: "audit" });
    assert!(err.to_string().contains("cannot interrupt them"), "{err}");
    // removing a timeout that was never set is fine, even on a sync component
    service.set_timeout("audit", None).unwrap();
}
