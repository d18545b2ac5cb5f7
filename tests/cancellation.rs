//! The patterns async programs use every day, on a derived async orchestrator with
//! `#[orchestrate]` coordination methods: a `select!` between `initialize()` and a shutdown
//! signal, an outer `timeout` around `cleanup()`, and a start dropped while its register hook
//! runs. After each, the orchestrator's state tells the truth: nothing is left initialized,
//! nothing is cleaned up twice, and no coordination method runs on a half-built orchestrator.
//!
//! Time is tokio's paused clock, so the interleavings are exact on every machine.
#![cfg(feature = "tokio")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncOrchestrator};
use tokio::time::sleep;

type Log = Arc<Mutex<Vec<String>>>;

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

/// A component whose `init` and `cleanup` take a while.
struct Slow {
    name: &'static str,
    init: Duration,
    cleanup: Duration,
    log: Log,
}

impl AsyncComponent for Slow {
    async fn init(&mut self) -> Result<(), ComponentError> {
        sleep(self.init).await;
        self.log.lock().unwrap().push(format!("init {}", self.name));
        Ok(())
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        sleep(self.cleanup).await;
        self.log.lock().unwrap().push(format!("cleanup {}", self.name));
        Ok(())
    }
}

#[derive(Orchestrator)]
#[orchestrator(async, register = Self::wire)]
struct Jobs {
    #[component]
    db: Slow,
    #[component(after(db))]
    worker: Slow,
    /// How long the register hook takes.
    #[orchestrator(config)]
    wiring: Duration,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Jobs {
    /// A coordination method: runs only on a `Ready` orchestrator.
    pub async fn submit(&mut self, job: &str) -> Result<String, NotReady> {
        Ok(format!("{job} -> {} -> {}", self.worker.name, self.db.name))
    }

    async fn wire(&mut self) -> Result<(), ComponentError> {
        sleep(self.wiring).await;
        Ok(())
    }
}

fn jobs(log: &Log) -> Jobs {
    let slow = |name, init, cleanup| Slow {
        name,
        init: Duration::from_secs(init),
        cleanup: Duration::from_secs(cleanup),
        log: log.clone(),
    };
    Jobs::from_parts(slow("db", 1, 1), slow("worker", 2, 3), Duration::from_secs(1))
}

/// Ctrl-C (here a timer) during a slow start: the start is dropped, and the cleanup that
/// follows releases what had started, and only that.
#[tokio::test(start_paused = true)]
async fn a_start_interrupted_by_a_shutdown_signal_is_cleaned_up() {
    let log = Log::default();
    let mut jobs = jobs(&log);
    let shutdown = sleep(Duration::from_millis(1500)); // db is up at 1 s, worker would be at 3 s
    tokio::select! {
        started = jobs.initialize() => panic!("the start cannot finish before the signal: {started:?}"),
        () = shutdown => {}
    }
    assert_eq!(jobs.state(), State::Starting, "interrupted: neither Created nor Ready");
    let err = jobs.submit("job 1").await.expect_err("no coordination on a half-built orchestrator");
    assert_eq!(err.state(), State::Starting);
    assert_eq!(
        err.to_string(),
        "Jobs::submit called while the orchestrator is Starting: its initialize() has not finished (or was dropped); await initialize() first"
    );

    jobs.cleanup().await.unwrap();
    assert_eq!(entries(&log), ["init db", "cleanup db"], "db released once; worker never started");
    assert_eq!(jobs.state(), State::Stopped);
    assert!(jobs.submit("job 2").await.is_err());
}

/// An outer timeout around `cleanup()`: the dropped call leaves the orchestrator `Stopping`;
/// calling `cleanup()` again finishes the job, cleaning no component twice.
#[tokio::test(start_paused = true)]
async fn a_cleanup_cut_by_an_outer_timeout_is_finished_by_the_next_cleanup() {
    let log = Log::default();
    let mut jobs = jobs(&log);
    jobs.initialize().await.unwrap();
    assert_eq!(jobs.submit("job").await.unwrap(), "job -> worker -> db");

    // worker's cleanup takes 3 s
    let cut = tokio::time::timeout(Duration::from_secs(2), jobs.cleanup()).await;
    assert!(cut.is_err(), "the outer timeout fired");
    assert_eq!(jobs.state(), State::Stopping);
    assert!(jobs.submit("late job").await.is_err(), "no coordination while stopping");

    jobs.cleanup().await.unwrap();
    assert_eq!(entries(&log), ["init db", "init worker", "cleanup worker", "cleanup db"]);
    assert_eq!(jobs.state(), State::Stopped);

    // and a start after it initializes each component once
    jobs.initialize().await.unwrap();
    assert_eq!(entries(&log)[4..], ["init db", "init worker"]);
}

/// A start dropped while its register hook runs: every component is initialized, but the hook
/// did not finish, so coordination is refused, before and after the cleanup.
#[tokio::test(start_paused = true)]
async fn a_start_dropped_in_its_register_hook_refuses_coordination() {
    let log = Log::default();
    let mut jobs = jobs(&log);
    jobs.wiring = Duration::from_secs(10);
    let dropped = tokio::time::timeout(Duration::from_secs(5), jobs.initialize()).await;
    assert!(dropped.is_err());
    assert_eq!(entries(&log), ["init db", "init worker"]);
    assert!(jobs.submit("job").await.is_err(), "the hook is not running any more");

    jobs.cleanup().await.unwrap();
    assert_eq!(entries(&log)[2..], ["cleanup worker", "cleanup db"]);
    assert!(jobs.submit("job").await.is_err());
    assert_eq!(jobs.state(), State::Stopped);
}
