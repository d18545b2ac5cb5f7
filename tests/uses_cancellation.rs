//! A derived async orchestrator whose components take dependencies (`uses(...)`: an
//! `AsyncUses`, a sync `Uses`, and the `AsyncComponent` they use), each reached through the
//! kind the derive computes for it: `initialize()` and `cleanup()` dropped after every number
//! of polls, then the orchestrator driven to the end. Each component's resource must see init
//! and cleanup alternate exactly (never two inits without a cleanup between, never a cleanup
//! of what is not initialized), and nothing may stay initialized after the last cleanup.
//!
//! The components are cancel-safe as the contract asks (a cut step counts as not done): each
//! takes or gives back its resource after its last `.await`.

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

#[path = "../orchestrator-core/tests/async_support/executor.rs"]
mod executor;

use executor::block_on;
use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncOrchestrator, AsyncUses, Uses};

type Log = Arc<Mutex<Vec<(&'static str, bool)>>>;

/// Returns `Pending` once (waking itself), then `Ready`: a step that spans polls.
async fn yield_once() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
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

/// The resource a component holds: it records each init (`true`) and cleanup (`false`).
struct Resource {
    name: &'static str,
    log: Log,
    open: bool,
}

impl Resource {
    fn new(name: &'static str, log: &Log) -> Self {
        Resource { name, log: Arc::clone(log), open: false }
    }
    fn open(&mut self) {
        self.log.lock().unwrap().push((self.name, true));
        self.open = true;
    }
    fn close(&mut self) {
        self.log.lock().unwrap().push((self.name, false));
        self.open = false;
    }
}

struct Pool(Resource);

impl AsyncComponent for Pool {
    async fn init(&mut self) -> Result<(), ComponentError> {
        yield_once().await;
        yield_once().await;
        self.0.open();
        Ok(())
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        yield_once().await;
        yield_once().await;
        self.0.close();
        Ok(())
    }
}

struct Feeder(Resource);

impl<'a> AsyncUses<&'a Pool> for Feeder {
    async fn init(&mut self, pool: &'a Pool) -> Result<(), ComponentError> {
        assert!(pool.0.open, "the pool is open before the feeder starts");
        yield_once().await;
        self.0.open();
        Ok(())
    }
    async fn cleanup(&mut self, pool: &'a Pool) -> Result<(), ComponentError> {
        assert!(pool.0.open, "the pool is still open when the feeder stops");
        yield_once().await;
        self.0.close();
        Ok(())
    }
}

struct Audit(Resource);

impl<'a> Uses<(&'a Pool, &'a Feeder)> for Audit {
    fn init(&mut self, (pool, feeder): (&'a Pool, &'a Feeder)) -> Result<(), ComponentError> {
        assert!(pool.0.open && feeder.0.open, "the dependencies are open before the audit starts");
        self.0.open();
        Ok(())
    }
    fn cleanup(&mut self, (pool, feeder): (&'a Pool, &'a Feeder)) -> Result<(), ComponentError> {
        assert!(pool.0.open && feeder.0.open, "the dependencies are open when the audit stops");
        self.0.close();
        Ok(())
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Pipeline {
    #[component]
    pool: Pool,
    #[component(uses(pool))]
    feeder: Feeder,
    #[component(uses(pool, feeder))]
    audit: Audit,
    lifecycle: Lifecycle,
}

fn pipeline(log: &Log) -> Pipeline {
    Pipeline::from_parts(
        Pool(Resource::new("pool", log)),
        Feeder(Resource::new("feeder", log)),
        Audit(Resource::new("audit", log)),
    )
}

/// Polls `future` up to `polls` times with a waker that does nothing, then drops it; whether it
/// finished.
fn poll_then_drop<F: Future>(future: F, polls: usize) -> bool {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    (0..polls).any(|_| future.as_mut().poll(&mut cx).is_ready())
}

/// Each resource's events alternate init, cleanup, init, ... and end closed.
fn assert_alternates_and_ends_closed(log: &Log, context: &str) {
    let events = log.lock().unwrap().clone();
    for name in ["pool", "feeder", "audit"] {
        let mine: Vec<bool> = events.iter().filter(|(n, _)| *n == name).map(|&(_, open)| open).collect();
        for (i, &open) in mine.iter().enumerate() {
            assert_eq!(open, i % 2 == 0, "{context}: {name} saw {mine:?}");
        }
        assert_eq!(mine.len() % 2, 0, "{context}: {name} left open: {mine:?}");
    }
}

#[test]
fn an_initialize_dropped_after_every_number_of_polls_is_released_exactly_once() {
    let mut finished = false;
    let mut cut_midway = 0;
    for polls in 0..64 {
        let log = Log::default();
        let mut pipeline = pipeline(&log);
        finished = poll_then_drop(pipeline.initialize(), polls);
        if pipeline.pool.0.open && !pipeline.audit.0.open {
            cut_midway += 1;
        }
        // what the dropped start left is released by the next cleanup
        block_on(pipeline.cleanup()).unwrap();
        assert_alternates_and_ends_closed(&log, &format!("initialize dropped after {polls} polls"));
        // and the orchestrator starts and stops whole afterwards
        block_on(pipeline.initialize()).unwrap();
        assert!(pipeline.audit.0.open);
        block_on(pipeline.cleanup()).unwrap();
        assert_alternates_and_ends_closed(&log, &format!("restarted after {polls} polls"));
        if finished {
            break;
        }
    }
    assert!(finished, "initialize finishes within the sweep");
    assert!(cut_midway >= 1, "some starts were cut with the pool open and the audit not: {cut_midway}");
}

#[test]
fn an_initialize_dropped_after_every_number_of_polls_is_released_by_the_next_start() {
    let mut finished = false;
    for polls in 0..64 {
        let log = Log::default();
        let mut pipeline = pipeline(&log);
        finished = poll_then_drop(pipeline.initialize(), polls);
        // the next start releases what the dropped one left before starting again
        block_on(pipeline.initialize()).unwrap();
        assert!(pipeline.pool.0.open && pipeline.feeder.0.open && pipeline.audit.0.open);
        block_on(pipeline.cleanup()).unwrap();
        assert_alternates_and_ends_closed(&log, &format!("initialize dropped after {polls} polls"));
        if finished {
            break;
        }
    }
    assert!(finished, "initialize finishes within the sweep");
}

#[test]
fn a_cleanup_dropped_after_every_number_of_polls_is_finished_by_the_next_one() {
    let mut finished = false;
    let mut cut_midway = 0;
    for polls in 0..64 {
        let log = Log::default();
        let mut pipeline = pipeline(&log);
        block_on(pipeline.initialize()).unwrap();
        finished = poll_then_drop(pipeline.cleanup(), polls);
        if !pipeline.audit.0.open && pipeline.pool.0.open {
            cut_midway += 1;
        }
        block_on(pipeline.cleanup()).unwrap();
        assert_alternates_and_ends_closed(&log, &format!("cleanup dropped after {polls} polls"));
        assert!(!pipeline.pool.0.open && !pipeline.feeder.0.open && !pipeline.audit.0.open);
        if finished {
            break;
        }
    }
    assert!(finished, "cleanup finishes within the sweep");
    assert!(cut_midway >= 2, "some cleanups were cut with the audit closed and the pool not: {cut_midway}");
}
