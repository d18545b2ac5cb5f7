//! What `#[derive(Orchestrator)]` with `#[orchestrator(async)]` generates, through the facade:
//! the order by levels, real concurrency within a level, rollback, aggregated cleanup errors,
//! the status, and `#[orchestrate]` with `async fn` coordination methods.
#![allow(clippy::missing_errors_doc)]

use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::Duration;

#[path = "../orchestrator-core/tests/async_support/executor.rs"]
mod executor;
#[path = "../orchestrator-core/tests/async_support/rendezvous.rs"]
mod rendezvous;

use executor::{block_on, block_on_deadline};
use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncOrchestrator};
use rendezvous::{Rendezvous, Waiter};

/// Returns `Pending` once (waking itself), then `Ready`: lets the other futures of a level run.
async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(move |cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await;
}

// ---- scripted components -------------------------------------------------------------------

type Journal = Arc<Mutex<Vec<String>>>;

fn entries(journal: &Journal) -> Vec<String> {
    journal.lock().unwrap().clone()
}

/// An async component that writes `start`/`done` of its steps into the journal, yielding in
/// between, and fails where it is told to.
#[derive(Default)]
struct Step {
    name: &'static str,
    journal: Journal,
    fail_init: bool,
    fail_cleanup: bool,
}

impl Step {
    fn new(name: &'static str, journal: &Journal) -> Self {
        Step { name, journal: journal.clone(), ..Step::default() }
    }
    fn log(&self, what: &str) {
        self.journal.lock().unwrap().push(format!("{what} {}", self.name));
    }
}

impl AsyncComponent for Step {
    async fn init(&mut self) -> Result<(), ComponentError> {
        self.log("start");
        yield_now().await;
        self.log("init");
        if self.fail_init { Err(ComponentError::msg(format!("{} refused", self.name))) } else { Ok(()) }
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        yield_now().await;
        self.log("cleanup");
        if self.fail_cleanup { Err(ComponentError::msg(format!("{} stuck", self.name))) } else { Ok(()) }
    }
}

/// A sync component in the async orchestrator.
struct Audit {
    journal: Journal,
}

impl Component for Audit {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.journal.lock().unwrap().push("init audit".into());
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.journal.lock().unwrap().push("cleanup audit".into());
        Ok(())
    }
    fn health(&self) -> Health {
        Health::Degraded("sampling".into())
    }
}

/// `a`, `b` on level 0; `c` after `a` on level 1; `audit` after `b` and `c` on level 2.
#[derive(Orchestrator)]
#[orchestrator(async)]
struct Shop {
    #[component(after(c, b))]
    audit: Audit,
    #[component]
    a: Step,
    #[component(after(a))]
    c: Step,
    #[component]
    b: Step,
    lifecycle: Lifecycle,
}

fn shop(journal: &Journal) -> Shop {
    Shop::from_parts(
        Audit { journal: journal.clone() },
        Step::new("a", journal),
        Step::new("c", journal),
        Step::new("b", journal),
    )
}

fn position(log: &[String], entry: &str) -> usize {
    log.iter().position(|e| e == entry).unwrap_or_else(|| panic!("`{entry}` missing from {log:?}"))
}

#[test]
fn order_follows_the_levels_and_cleanup_reverses_them() {
    assert_eq!(Shop::COMPONENTS, &["a", "c", "b", "audit"]);
    let expected: &[&[usize]] = &[&[], &[0], &[], &[1, 2]];
    assert_eq!(Shop::DEPENDENCIES, expected);

    let journal = Journal::default();
    let mut shop = shop(&journal);
    block_on(shop.initialize()).unwrap();
    let log = entries(&journal);
    // Level 0 (`a`, `b`) starts together: both start before either finishes.
    assert!(position(&log, "start b") < position(&log, "init a"), "{log:?}");
    assert!(position(&log, "init a") < position(&log, "start c"), "{log:?}");
    assert!(position(&log, "init b") < position(&log, "start c"), "{log:?}");
    assert!(position(&log, "init c") < position(&log, "init audit"), "{log:?}");

    journal.lock().unwrap().clear();
    block_on(shop.cleanup()).unwrap();
    let log = entries(&journal);
    assert_eq!(log[..2], ["cleanup audit", "cleanup c"], "{log:?}");
    assert!(log[2..].contains(&"cleanup a".to_string()) && log[2..].contains(&"cleanup b".to_string()));
    assert_eq!(shop.state(), State::Stopped);
}

// ---- concurrency: a rendezvous that only concurrent inits can reach -------------------------

fn waiters() -> (Waiter, Waiter) {
    let (init, cleanup) = (Arc::new(Rendezvous::default()), Arc::new(Rendezvous::default()));
    (Waiter { me: 0, init: init.clone(), cleanup: cleanup.clone() }, Waiter { me: 1, init, cleanup })
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Pair {
    #[component]
    left: Waiter,
    #[component]
    right: Waiter,
    lifecycle: Lifecycle,
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Chain {
    #[component]
    left: Waiter,
    #[component(after(left))]
    right: Waiter,
    lifecycle: Lifecycle,
}

const DEADLINE: Duration = Duration::from_secs(5);

#[test]
fn one_level_initializes_and_cleans_up_concurrently() {
    let (left, right) = waiters();
    let mut pair = Pair::from_parts(left, right);
    let result = block_on_deadline(pair.initialize(), DEADLINE);
    assert!(result.is_some(), "initialize() missed its {DEADLINE:?} deadline: `left` and `right` did not run together");
    result.unwrap().unwrap();
    let result = block_on_deadline(pair.cleanup(), DEADLINE);
    assert!(result.is_some(), "cleanup() missed its {DEADLINE:?} deadline: `left` and `right` did not run together");
    result.unwrap().unwrap();
    assert_eq!(pair.state(), State::Stopped);
}

#[test]
fn the_deadline_catches_a_chain() {
    let (left, right) = waiters();
    let mut chain = Chain::from_parts(left, right);
    assert!(block_on_deadline(chain.initialize(), Duration::from_millis(200)).is_none());
}

// ---- failures, status --------------------------------------------------------------------

#[test]
fn a_failing_init_rolls_back_every_initialized_component() {
    let journal = Journal::default();
    let mut shop = shop(&journal);
    shop.c.fail_init = true;
    let error = block_on(shop.initialize()).unwrap_err();
    assert_eq!(error.component(), "c");
    assert_eq!(error.cause().to_string(), "c refused");
    assert_eq!(shop.state(), State::Failed);
    let log = entries(&journal);
    assert!(log.contains(&"cleanup a".to_string()) && log.contains(&"cleanup b".to_string()), "{log:?}");
    assert!(!log.iter().any(|e| e.contains("audit")), "{log:?}");
}

#[test]
fn cleanup_runs_past_errors_and_returns_all_of_them() {
    let journal = Journal::default();
    let mut shop = shop(&journal);
    shop.a.fail_cleanup = true;
    shop.c.fail_cleanup = true;
    block_on(shop.initialize()).unwrap();
    let error = block_on(shop.cleanup()).unwrap_err();
    let failed: Vec<&str> = error.errors().iter().map(|f| f.component).collect();
    assert_eq!(failed, ["c", "a"]);
    let log = entries(&journal);
    assert!(log.contains(&"cleanup b".to_string()) && log.contains(&"cleanup audit".to_string()), "{log:?}");
}

#[test]
fn status_lists_every_component_with_its_init_time() {
    let journal = Journal::default();
    let mut shop = shop(&journal);
    assert_eq!(shop.status().state, State::Created);
    block_on(shop.initialize()).unwrap();
    let status = shop.status();
    assert_eq!(status.name, "Shop");
    assert_eq!(status.state, State::Ready);
    let names: Vec<&str> = status.components.iter().map(|c| c.name).collect();
    assert_eq!(names, ["a", "c", "b", "audit"]);
    assert_eq!(status.components[3].type_name, "Audit");
    assert_eq!(status.components[3].health, Health::Degraded("sampling".into()));
    assert!(status.components.iter().all(|c| c.state == State::Ready && c.init_time.is_some()));
}

// ---- #[orchestrate] with async fn ----------------------------------------------------------

#[orchestrate]
impl Shop {
    /// Asks `a` and `b` for their names.
    pub async fn names(&mut self) -> Result<[&'static str; 2], NotReady> {
        yield_now().await;
        Ok([self.a.name, self.b.name])
    }
}

#[test]
fn async_coordination_methods_are_guarded_until_ready() {
    let journal = Journal::default();
    let mut shop = shop(&journal);
    let error = block_on(shop.names()).unwrap_err();
    assert_eq!(error.state(), State::Created);
    block_on(shop.initialize()).unwrap();
    assert_eq!(block_on(shop.names()).unwrap(), ["a", "b"]);
    block_on(shop.cleanup()).unwrap();
    assert_eq!(block_on(shop.names()).unwrap_err().state(), State::Stopped);
}

// ---- timeouts (the `tokio` feature) ----------------------------------------------------------

/// Never finishes its `init`.
#[cfg(feature = "tokio")]
struct Stuck;

#[cfg(feature = "tokio")]
impl AsyncComponent for Stuck {
    async fn init(&mut self) -> Result<(), ComponentError> {
        std::future::pending::<()>().await;
        Ok(())
    }
}

#[cfg(feature = "tokio")]
#[derive(Orchestrator)]
#[orchestrator(async)]
struct Guarded {
    #[component]
    a: Step,
    #[component(timeout_ms = 50)]
    stuck: Stuck,
    lifecycle: Lifecycle,
}

#[cfg(feature = "tokio")]
#[test]
fn a_timed_out_init_fails_and_rolls_back() {
    let journal = Journal::default();
    let mut guarded = Guarded::from_parts(Step::new("a", &journal), Stuck);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    let error = runtime.block_on(guarded.initialize()).unwrap_err();
    assert_eq!(error.component(), "stuck");
    assert_eq!(guarded.state(), State::Failed);
    assert!(entries(&journal).contains(&"cleanup a".to_string()));
}
