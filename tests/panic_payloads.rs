//! A panic whose payload panics again when it is dropped never escapes the lifecycle: not from
//! `initialize()`, `cleanup()` or `status()`, sync or async, and not from a component future
//! whose own `Drop` panics. The components are still rolled back and the states tell the truth.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

#[path = "../orchestrator-core/tests/async_support/executor.rs"]
mod executor;

use executor::block_on;
use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncOrchestrator};

/// A panic payload whose `Drop` panics.
struct Bomb;

impl Drop for Bomb {
    fn drop(&mut self) {
        panic!("the payload's own drop panicked");
    }
}

type Log = Arc<Mutex<Vec<&'static str>>>;

fn entries(log: &Log) -> Vec<&'static str> {
    log.lock().unwrap().clone()
}

/// Where a [`Piece`] throws its [`Bomb`].
#[derive(Default, Clone, Copy, PartialEq)]
enum Throw {
    #[default]
    Nowhere,
    Init,
    Cleanup,
    Health,
}

#[derive(Default)]
struct Piece {
    name: &'static str,
    log: Log,
    throw: Throw,
}

impl Piece {
    fn new(name: &'static str, log: &Log, throw: Throw) -> Self {
        Self { name, log: log.clone(), throw }
    }
    fn step(&self, phase: Throw, what: &'static str) -> Result<(), ComponentError> {
        if self.throw == phase {
            std::panic::panic_any(Bomb);
        }
        self.log.lock().unwrap().push(what);
        Ok(())
    }
}

impl Component for Piece {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.step(Throw::Init, if self.name == "a" { "init a" } else { "init b" })
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.step(Throw::Cleanup, if self.name == "a" { "cleanup a" } else { "cleanup b" })
    }
    fn health(&self) -> Health {
        if self.throw == Throw::Health {
            std::panic::panic_any(Bomb);
        }
        Health::Healthy
    }
}

#[derive(Orchestrator)]
struct Pair {
    #[component]
    a: Piece,
    #[component(after(a))]
    b: Piece,
    lifecycle: Lifecycle,
}

fn pair(throw_a: Throw, throw_b: Throw) -> (Pair, Log) {
    let log = Log::default();
    (Pair::from_parts(Piece::new("a", &log, throw_a), Piece::new("b", &log, throw_b)), log)
}

#[test]
fn sync_init_payload_that_panics_in_drop_is_caught_and_rolled_back() {
    let (mut pair, log) = pair(Throw::Nowhere, Throw::Init);
    let err = pair.initialize().expect_err("b's init panicked");
    assert!(err.cause().is_panic());
    assert_eq!(err.component(), "b");
    assert_eq!(entries(&log), ["init a", "cleanup a"]);
    assert_eq!(pair.state(), State::Failed);
}

#[test]
fn sync_cleanup_payload_that_panics_in_drop_is_collected() {
    let (mut pair, log) = pair(Throw::Cleanup, Throw::Nowhere);
    pair.initialize().unwrap();
    let err = pair.cleanup().expect_err("a's cleanup panicked");
    assert_eq!(err.errors().len(), 1);
    assert!(err.errors()[0].error.is_panic());
    assert_eq!(entries(&log), ["init a", "init b", "cleanup b"]);
    assert_eq!(pair.state(), State::Stopped);
}

#[test]
fn status_health_payload_that_panics_in_drop_shows_unhealthy() {
    let (mut pair, _log) = pair(Throw::Health, Throw::Nowhere);
    pair.initialize().unwrap();
    let status = pair.status();
    assert_eq!(status.components[0].health, Health::Unhealthy("panicked: a panic with a non-string payload".into()));
    assert_eq!(status.components[1].health, Health::Healthy);
}

// ---- async ----------------------------------------------------------------------------------

/// An async component whose step panics with a [`Bomb`] (while building its future, or while
/// polled), or whose `init` future panics when it is dropped after finishing.
struct Shell {
    name: &'static str,
    log: Log,
    throw: Throw,
    /// The step's future panics in its `Drop` (after it finished or when cancelled).
    drop_bomb: bool,
}

/// A step's future that is done at once and panics when it is dropped (if `armed`).
struct Exploding {
    armed: bool,
}

impl Future for Exploding {
    type Output = Result<(), ComponentError>;
    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        Poll::Ready(Ok(()))
    }
}

impl Drop for Exploding {
    fn drop(&mut self) {
        if self.armed {
            panic!("the step's future panicked in its drop");
        }
    }
}

impl AsyncComponent for Shell {
    fn init(&mut self) -> impl Future<Output = Result<(), ComponentError>> + Send {
        if self.throw == Throw::Init {
            std::panic::panic_any(Bomb);
        }
        self.log.lock().unwrap().push(if self.name == "a" { "init a" } else { "init b" });
        Exploding { armed: self.drop_bomb }
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        if self.throw == Throw::Cleanup {
            std::panic::panic_any(Bomb);
        }
        self.log.lock().unwrap().push(if self.name == "a" { "cleanup a" } else { "cleanup b" });
        Ok(())
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct AsyncPair {
    #[component]
    a: Shell,
    #[component]
    b: Shell,
    lifecycle: Lifecycle,
}

fn async_pair(b_throws: Throw, b_drop_bomb: bool) -> (AsyncPair, Log) {
    let log = Log::default();
    let a = Shell { name: "a", log: log.clone(), throw: Throw::Nowhere, drop_bomb: false };
    let b = Shell { name: "b", log: log.clone(), throw: b_throws, drop_bomb: b_drop_bomb };
    (AsyncPair::from_parts(a, b), log)
}

#[test]
fn async_init_payload_that_panics_in_drop_is_caught_and_rolled_back() {
    let (mut pair, log) = async_pair(Throw::Init, false);
    let err = block_on(pair.initialize()).expect_err("b's init panicked");
    assert!(err.cause().is_panic());
    assert_eq!(entries(&log), ["init a", "cleanup a"]);
    assert_eq!(pair.state(), State::Failed);
}

#[test]
fn async_cleanup_payload_that_panics_in_drop_is_collected() {
    let (mut pair, log) = async_pair(Throw::Cleanup, false);
    block_on(pair.initialize()).unwrap();
    let err = block_on(pair.cleanup()).expect_err("b's cleanup panicked");
    assert!(err.errors()[0].error.is_panic());
    assert_eq!(entries(&log), ["init a", "init b", "cleanup a"]);
    assert_eq!(pair.state(), State::Stopped);
}

#[test]
fn a_step_future_that_panics_in_its_drop_after_finishing_does_not_escape() {
    let (mut pair, log) = async_pair(Throw::Nowhere, true);
    block_on(pair.initialize()).unwrap();
    assert_eq!(pair.state(), State::Ready);
    block_on(pair.cleanup()).unwrap();
    assert_eq!(entries(&log), ["init a", "init b", "cleanup a", "cleanup b"]);
}
