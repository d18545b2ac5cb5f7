//! The corners of the async lifecycle and of supervision, under tokio's paused clock (time
//! advances only when every task waits, so "returns at the deadline" is exact, and a hang
//! shows as the clock jumping to the hour the test allows):
//!
//! - a deadline bounds the whole call it is set for, the release of what a dropped call left
//!   and the rollback included;
//! - no flag of the live status outlives the call that set it; a handle says when its
//!   orchestrator is gone; readiness stays off from a restart's decision to its end;
//! - the backoff escalates while a component keeps failing (stability counts from when it runs
//!   again, not from the decision);
//! - `RunReport::restarts` counts the restarts that began;
//! - a failed rollback at the end of a run shows in its report;
//! - a run's shutdown deadline is scoped to the run;
//! - user code (a register hook future's `Drop`, an error's `Display`, a config's `Debug`)
//!   runs only under the panic guard.
#![cfg(feature = "tokio")]

use std::fmt;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncOrchestrator, Backoff, Exit, Gone, RunError, Supervision, TimedOut};
use tokio::time::{Instant, sleep};

type Log = Arc<Mutex<Vec<String>>>;

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

/// How long an hour is to these tests: a call that has not returned by then hangs.
const HOUR: Duration = Duration::from_secs(3600);

/// What a component does in a step.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Does {
    /// Finishes at once.
    Quick,
    /// Takes this long (paused clock).
    Takes(Duration),
    /// Never finishes.
    Hangs,
    /// Fails at once.
    Fails,
}

/// A component whose steps the test scripts: `init[n]` is what its n-th init does (the last
/// entry repeats), the same for `cleanup`.
struct Part {
    name: &'static str,
    init: Vec<Does>,
    cleanup: Vec<Does>,
    inits: usize,
    cleanups: usize,
    log: Log,
    sick: Arc<AtomicBool>,
    /// An init makes it healthy again.
    heals: bool,
}

impl Part {
    fn new(name: &'static str, log: &Log) -> Self {
        Self {
            name,
            init: vec![Does::Quick],
            cleanup: vec![Does::Quick],
            inits: 0,
            cleanups: 0,
            log: log.clone(),
            sick: Arc::default(),
            heals: false,
        }
    }
    fn init(mut self, script: &[Does]) -> Self {
        self.init = script.to_vec();
        self
    }
    fn cleanup(mut self, script: &[Does]) -> Self {
        self.cleanup = script.to_vec();
        self
    }
    async fn act(&self, does: Does, what: &str) -> Result<(), ComponentError> {
        match does {
            Does::Quick => {}
            Does::Takes(d) => sleep(d).await,
            Does::Hangs => std::future::pending().await,
            Does::Fails => {
                self.log.lock().unwrap().push(format!("{what} {} failed", self.name));
                return Err(ComponentError::msg(format!("{what} of {} failed", self.name)));
            }
        }
        self.log.lock().unwrap().push(format!("{what} {}", self.name));
        Ok(())
    }
}

fn nth(script: &[Does], n: usize) -> Does {
    script.get(n).or(script.last()).copied().unwrap_or(Does::Quick)
}

impl AsyncComponent for Part {
    async fn init(&mut self) -> Result<(), ComponentError> {
        let does = nth(&self.init, self.inits);
        self.inits += 1;
        if self.heals {
            self.sick.store(false, Ordering::SeqCst);
        }
        self.act(does, "init").await
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        let does = nth(&self.cleanup, self.cleanups);
        self.cleanups += 1;
        self.act(does, "cleanup").await
    }
    fn health(&self) -> Health {
        if self.sick.load(Ordering::SeqCst) { Health::Unhealthy("sick".into()) } else { Health::Healthy }
    }
}

/// `db` <- `worker`.
#[derive(Orchestrator)]
#[orchestrator(async)]
struct Pair {
    #[component]
    db: Part,
    #[component(after(db))]
    worker: Part,
    lifecycle: Lifecycle,
}

/// Polls `future` once, with a waker that does nothing.
fn poll_once<F: Future>(future: std::pin::Pin<&mut F>) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(Waker::noop()))
}

// ---------------------------------------------------------------------------------------------
// 1. A deadline bounds the whole call.

/// An `initialize()` dropped while `worker` starts leaves `db` initialized; `db`'s cleanup
/// never returns. The next `initialize()` must release `db` first, and its deadline bounds
/// that release too: it returns at the deadline, not never.
#[tokio::test(start_paused = true)]
async fn the_initialize_deadline_bounds_the_release_of_a_dropped_call() {
    let log = Log::default();
    let db = Part::new("db", &log).cleanup(&[Does::Hangs]);
    let worker = Part::new("worker", &log).init(&[Does::Hangs, Does::Quick]);
    let mut pair = Pair::from_parts(db, worker);
    {
        let mut start = pin!(pair.initialize());
        // the first poll initializes `db` (level 0) and starts `worker` (level 1), which waits
        assert!(poll_once(start.as_mut()).is_pending());
    }
    assert_eq!(entries(&log), ["init db"]);
    assert_eq!(pair.state(), State::Starting);

    pair.set_initialize_timeout(Some(Duration::from_secs(2))).unwrap();
    let begun = Instant::now();
    let result = tokio::time::timeout(HOUR, pair.initialize()).await.expect("initialize() hangs past its deadline");
    assert_eq!(begun.elapsed(), Duration::from_secs(2), "returns at the deadline");
    let error = result.unwrap_err();
    // the release of `db` was cut short by the initialize deadline, which then had passed for
    // every step after it
    let timed_out = error.cause().downcast_ref::<TimedOut>().copied();
    assert!(timed_out.is_some_and(|t| t.is_deadline() && t.ms() == 2000), "{error:#}");
    assert_ne!(pair.state(), State::Starting, "the state tells the truth");
}

/// `db` starts, `worker` fails at once, and `db`'s cleanup (the rollback) never returns: with
/// only an initialize deadline, `initialize()` still returns at it.
#[tokio::test(start_paused = true)]
async fn the_initialize_deadline_bounds_the_rollback() {
    let log = Log::default();
    let db = Part::new("db", &log).cleanup(&[Does::Hangs]);
    let worker = Part::new("worker", &log).init(&[Does::Fails]);
    let mut pair = Pair::from_parts(db, worker);
    pair.set_initialize_timeout(Some(Duration::from_secs(2))).unwrap();
    let begun = Instant::now();
    let result = tokio::time::timeout(HOUR, pair.initialize()).await.expect("the rollback hangs past the deadline");
    assert_eq!(begun.elapsed(), Duration::from_secs(2));
    let error = result.unwrap_err();
    assert_eq!(error.component(), "worker");
    let rollback: Vec<_> = error.rollback_errors().iter().map(|f| f.component).collect();
    assert_eq!(rollback, ["db"], "{error:#}");
    assert!(error.rollback_errors()[0].error.downcast_ref::<TimedOut>().is_some());
    assert_eq!(pair.state(), State::Failed);
}

/// The cleanup deadline, set alone, still bounds a rollback (as before), and an initialize
/// deadline longer than the work changes nothing.
#[tokio::test(start_paused = true)]
async fn a_rollback_within_both_deadlines_releases_everything() {
    let log = Log::default();
    let db = Part::new("db", &log).cleanup(&[Does::Takes(Duration::from_secs(1))]);
    let worker = Part::new("worker", &log).init(&[Does::Fails]);
    let mut pair = Pair::from_parts(db, worker);
    pair.set_initialize_timeout(Some(Duration::from_secs(10))).unwrap();
    pair.set_cleanup_timeout(Some(Duration::from_secs(5))).unwrap();
    let error = pair.initialize().await.unwrap_err();
    assert!(error.rollback_errors().is_empty(), "{error:#}");
    assert_eq!(entries(&log), ["init db", "init worker failed", "cleanup db"]);
}

// ---------------------------------------------------------------------------------------------
// 2. The live status cannot lie.

fn sick_worker_pair(log: &Log) -> (Pair, Arc<AtomicBool>) {
    let worker = Part::new("worker", log);
    let sick = worker.sick.clone();
    (Pair::from_parts(Part::new("db", log), worker), sick)
}

fn backoff(base: Duration) -> Backoff {
    Backoff { base, factor: 2.0, cap: Duration::from_secs(1000), jitter: 0.0, reset_after: Duration::from_secs(1000) }
}

/// `run()` dropped during a backoff: the flag it set goes with it, and the orchestrator is
/// ready again after a later `initialize()`.
#[tokio::test(start_paused = true)]
async fn a_run_dropped_during_a_backoff_leaves_no_flag_behind() {
    let log = Log::default();
    let (mut pair, sick) = sick_worker_pair(&log);
    let handle = pair.status_handle();
    sick.store(true, Ordering::SeqCst);
    let supervision = Supervision::new().check_every(Duration::from_secs(1)).backoff(backoff(Duration::from_secs(60)));
    {
        let run = pair.run(std::future::pending(), &supervision);
        // the first check at 1 s decides to restart, then waits 60 s: stop at 30 s
        let _ = tokio::time::timeout(Duration::from_secs(30), run).await;
    }
    let now = handle.snapshot();
    assert!(!now.backing_off, "dropped with the run: {now:?}");
    sick.store(false, Ordering::SeqCst);
    pair.cleanup().await.unwrap();
    pair.initialize().await.unwrap();
    let now = handle.snapshot();
    assert!(now.ready, "{now:?}");
}

/// `shutting_down` is the run's: once `run()` returned, a later start is ready.
#[tokio::test(start_paused = true)]
async fn shutting_down_ends_with_the_run() {
    let log = Log::default();
    let (mut pair, _) = sick_worker_pair(&log);
    let handle = pair.status_handle();
    let report = pair.run(sleep(Duration::from_secs(3)), &Supervision::new()).await.unwrap();
    assert!(report.is_clean());
    assert!(!handle.snapshot().shutting_down);
    pair.initialize().await.unwrap();
    assert!(handle.is_ready(), "{:?}", handle.snapshot());
}

/// The task running `run()` is aborted: the orchestrator is dropped with it, and every handle
/// says so: not ready, not live, gone.
#[tokio::test(start_paused = true)]
async fn a_handle_tells_when_its_orchestrator_was_dropped() {
    let log = Log::default();
    let (mut pair, _) = sick_worker_pair(&log);
    let handle = pair.status_handle();
    let task = tokio::spawn(async move {
        let _ = pair.run(std::future::pending(), &Supervision::new()).await;
    });
    while !handle.is_ready() {
        sleep(Duration::from_millis(10)).await;
    }
    task.abort();
    let _ = task.await;
    let now = handle.snapshot();
    assert_eq!((now.ready, now.live), (false, false), "{now:?}");
    assert_eq!(now.gone, Some(Gone::Dropped { state: State::Ready }));
    // the components were not cleaned up: the view does not say they run
    assert!(now.components.iter().all(|c| c.health == Health::Unknown), "{now:?}");
}

/// The task running `run()` panics (here: its shutdown future): the handle says the
/// orchestrator went with a panic.
#[tokio::test(start_paused = true)]
async fn a_handle_tells_when_its_orchestrator_went_with_a_panic() {
    let log = Log::default();
    let (mut pair, _) = sick_worker_pair(&log);
    let handle = pair.status_handle();
    let task = tokio::spawn(async move {
        let shutdown = async {
            sleep(Duration::from_secs(5)).await;
            panic!("the shutdown future panicked");
        };
        let _ = pair.run(shutdown, &Supervision::new()).await;
    });
    assert!(task.await.unwrap_err().is_panic());
    let now = handle.snapshot();
    assert_eq!((now.ready, now.live), (false, false), "{now:?}");
    assert_eq!(now.gone, Some(Gone::Panicked { state: State::Ready }));
}

/// A handle taken from a copy of a lifecycle, or of an orchestrator never dropped, is not gone.
#[tokio::test(start_paused = true)]
async fn a_live_orchestrator_is_not_gone() {
    let log = Log::default();
    let (mut pair, _) = sick_worker_pair(&log);
    let handle = pair.status_handle();
    pair.initialize().await.unwrap();
    let copy = pair.lifecycle.clone();
    drop(copy);
    let now = handle.snapshot();
    assert_eq!(now.gone, None);
    assert!(now.ready && now.live);
    pair.cleanup().await.unwrap();
    drop(pair);
    assert_eq!(handle.snapshot().gone, Some(Gone::Dropped { state: State::Stopped }));
}

/// Drops its future after `polls` polls (returning `None`), or returns its output.
struct DropAfter<F> {
    future: Option<std::pin::Pin<Box<F>>>,
    polls: usize,
}

impl<F: Future> Future for DropAfter<F> {
    type Output = Option<F::Output>;
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.polls == 0 {
            self.future = None;
            return Poll::Ready(None);
        }
        self.polls -= 1;
        match self.future.as_mut().map(|f| f.as_mut().poll(cx)) {
            Some(Poll::Ready(output)) => Poll::Ready(Some(output)),
            _ => Poll::Pending,
        }
    }
}

/// Each component's steps, in order: they must alternate init, cleanup, init, ... and end with
/// a cleanup.
fn assert_alternate(log: &Log, names: &[&str], when: &str) {
    for name in names {
        let steps: Vec<String> = entries(log)
            .into_iter()
            .filter(|e| e.ends_with(&format!(" {name}")))
            .map(|e| e.split(' ').next().unwrap().to_owned())
            .collect();
        let expected: Vec<&str> = (0..steps.len()).map(|i| if i % 2 == 0 { "init" } else { "cleanup" }).collect();
        assert_eq!(steps, expected, "{name} {when}: {:?}", entries(log));
        assert_eq!(steps.len() % 2, 0, "{name} {when} is left initialized: {:?}", entries(log));
    }
}

/// `run()` dropped after every number of polls, through its start, a restart (decision,
/// backoff, the restart's steps) and its shutdown: whenever it is dropped, no flag is left
/// raised, a `cleanup()` releases everything (init and cleanup alternate exactly for each
/// component), and a later `initialize()` is ready.
#[tokio::test(start_paused = true)]
async fn run_dropped_after_every_number_of_polls_leaves_the_truth() {
    let supervision = Supervision::new()
        .check_every(Duration::from_secs(1))
        .backoff(backoff(Duration::from_secs(1)))
        .shutdown_timeout(Duration::from_secs(10));
    let mut finished = false;
    for polls in 0..200 {
        let log = Log::default();
        let db = Part::new("db", &log).cleanup(&[Does::Takes(Duration::from_millis(300))]);
        let mut worker = Part::new("worker", &log).init(&[Does::Takes(Duration::from_millis(200))]);
        worker.heals = true;
        let sick = worker.sick.clone();
        let mut pair = Pair::from_parts(db, worker);
        let handle = pair.status_handle();
        let shutdown = async move {
            sleep(Duration::from_millis(500)).await;
            sick.store(true, Ordering::SeqCst); // decided at 1.2 s, restarted from 2.2 s
            sleep(Duration::from_secs(4)).await;
        };
        let run = DropAfter { future: Some(Box::pin(pair.run(shutdown, &supervision))), polls };
        let outcome = run.await;
        let now = handle.snapshot();
        assert!(!now.backing_off && !now.restarting && !now.shutting_down, "after {polls} polls: {now:?}");
        pair.cleanup().await.unwrap();
        assert_alternate(&log, &["db", "worker"], &format!("after {polls} polls"));
        pair.initialize().await.unwrap();
        assert!(handle.is_ready(), "after {polls} polls: {:?}", handle.snapshot());
        pair.cleanup().await.unwrap();
        if let Some(report) = outcome {
            let report = report.unwrap();
            assert_eq!(report.restarts, 1, "{report}");
            finished = true;
            break;
        }
    }
    assert!(finished, "the run needs more polls than the sweep makes");
}

// ---------------------------------------------------------------------------------------------
// 3. The backoff escalates; 4. restarts count what began.

/// A worker unhealthy at every check: each restart waits twice as long as the one before
/// (10, 20, 40 s), because stability counts from when it runs again. With `reset_after` at
/// 15 s, measuring from the decision instead would count the 20 s wait as stable time and
/// start over at 10 s.
#[tokio::test(start_paused = true)]
async fn the_backoff_escalates_while_a_component_keeps_failing() {
    let log = Log::default();
    let (mut pair, sick) = sick_worker_pair(&log);
    sick.store(true, Ordering::SeqCst);
    let inits: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let start = Instant::now();
    let handle = pair.status_handle();
    let backoff = Backoff { reset_after: Duration::from_secs(15), ..backoff(Duration::from_secs(10)) };
    let supervision = Supervision::new()
        .check_every(Duration::from_secs(1))
        .backoff(backoff)
        .max_restarts(10, Duration::from_secs(1000));
    let shutdown = {
        let inits = inits.clone();
        async move {
            let mut last = 0;
            while inits.lock().unwrap().len() < 4 {
                let restarts = handle.snapshot().components[1].restarts;
                if restarts != last {
                    last = restarts;
                    inits.lock().unwrap().push(start.elapsed());
                }
                sleep(Duration::from_millis(100)).await;
            }
        }
    };
    let report = pair.run(shutdown, &supervision).await.unwrap();
    let seconds: Vec<u64> = inits.lock().unwrap().iter().map(|d| d.as_secs()).collect();
    // checks at 1 s after each restart; restarts done at 1+10, 11+1+20, 32+1+40, 73+1+80
    assert_eq!(seconds, [11, 32, 73, 154], "{seconds:?}");
    assert_eq!(report.restarts, 4);
}

/// A shutdown during the backoff abandons the restart: nothing was restarted, and the report
/// says 0.
#[tokio::test(start_paused = true)]
async fn a_restart_abandoned_in_its_backoff_is_not_counted() {
    let log = Log::default();
    let (mut pair, sick) = sick_worker_pair(&log);
    sick.store(true, Ordering::SeqCst);
    let supervision = Supervision::new().check_every(Duration::from_secs(1)).backoff(backoff(Duration::from_secs(10)));
    let report = pair.run(sleep(Duration::from_secs(5)), &supervision).await.unwrap();
    assert_eq!(report.restarts, 0, "{report}");
    assert_eq!(pair.status().components[1].restarts, 0);
    assert_eq!(entries(&log), ["init db", "init worker", "cleanup worker", "cleanup db"]);
}

// ---------------------------------------------------------------------------------------------
// 5. A failed rollback shows in the report.

/// The worker is restarted, its init fails, and the rollback's cleanup of `db` fails:
/// supervision gives up, and the report says `db` failed (not "not running").
#[tokio::test(start_paused = true)]
async fn a_failed_rollback_shows_in_the_report() {
    let log = Log::default();
    let db = Part::new("db", &log).cleanup(&[Does::Fails]);
    let worker = Part::new("worker", &log).init(&[Does::Quick, Does::Fails]);
    let sick = worker.sick.clone();
    sick.store(true, Ordering::SeqCst);
    let mut pair = Pair::from_parts(db, worker);
    let supervision = Supervision::new().check_every(Duration::from_secs(1)).backoff(backoff(Duration::from_secs(1)));
    let error = pair.run(std::future::pending(), &supervision).await.unwrap_err();
    let RunError::GaveUp { component, restart, report, .. } = error else { panic!("{error}") };
    assert_eq!(component, "worker");
    assert!(restart.is_some());
    assert!(!report.is_clean(), "{report}");
    match report.exit("db") {
        Some(Exit::Failed(error)) => assert_eq!(error.to_string(), "cleanup of db failed"),
        other => panic!("db ended {other:?}: {report}"),
    }
    assert!(matches!(report.exit("worker"), Some(Exit::NotRunning)), "{report}");
    assert_eq!(report.restarts, 1);
}

// ---------------------------------------------------------------------------------------------
// 6. A run's settings stay in the run.

/// A run with a 1 s shutdown deadline, then a plain `cleanup()` of a component that takes 5 s:
/// the cleanup has no deadline (none was set), so it succeeds.
#[tokio::test(start_paused = true)]
async fn the_shutdown_deadline_stays_in_the_run() {
    let log = Log::default();
    let db = Part::new("db", &log).cleanup(&[Does::Quick, Does::Takes(Duration::from_secs(5))]);
    let mut pair = Pair::from_parts(db, Part::new("worker", &log));
    let supervision = Supervision::new().shutdown_timeout(Duration::from_secs(1));
    pair.run(sleep(Duration::from_secs(2)), &supervision).await.unwrap();
    pair.initialize().await.unwrap();
    let begun = Instant::now();
    pair.cleanup().await.unwrap();
    assert_eq!(begun.elapsed(), Duration::from_secs(5));
}

/// The deadline the user set before a run is still theirs after it.
#[tokio::test(start_paused = true)]
async fn a_deadline_set_before_the_run_holds_after_it() {
    let log = Log::default();
    let db = Part::new("db", &log).cleanup(&[Does::Quick, Does::Hangs]);
    let mut pair = Pair::from_parts(db, Part::new("worker", &log));
    pair.set_cleanup_timeout(Some(Duration::from_secs(3))).unwrap();
    let supervision = Supervision::new().shutdown_timeout(None);
    pair.run(sleep(Duration::from_secs(2)), &supervision).await.unwrap();
    pair.initialize().await.unwrap();
    let begun = Instant::now();
    let error = tokio::time::timeout(HOUR, pair.cleanup()).await.expect("hangs").unwrap_err();
    assert_eq!(begun.elapsed(), Duration::from_secs(3));
    assert!(error.errors()[0].error.downcast_ref::<TimedOut>().is_some());
}

// ---------------------------------------------------------------------------------------------
// 7. User code runs only under the panic guard.

struct PanicsOnDrop;
impl Drop for PanicsOnDrop {
    fn drop(&mut self) {
        panic!("a register hook's future panicked in its drop");
    }
}

#[derive(Orchestrator)]
#[orchestrator(async, register = Self::wire)]
struct Hooked {
    #[component]
    db: Part,
    #[component]
    worker: Part,
    lifecycle: Lifecycle,
}

impl Hooked {
    async fn wire(&mut self) -> Result<(), ComponentError> {
        let _bomb = PanicsOnDrop;
        std::future::pending::<()>().await;
        Ok(())
    }
}

/// `initialize()` dropped while the register hook waits: the hook's future is dropped under
/// the guard; its panic does not escape, and a cleanup releases both components.
#[test]
fn a_register_hook_future_that_panics_in_its_drop_does_not_escape() {
    let log = Log::default();
    let mut hooked = Hooked::from_parts(Part::new("db", &log), Part::new("worker", &log));
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut start = pin!(hooked.initialize());
        assert!(poll_once(start.as_mut()).is_pending());
    }));
    assert!(dropped.is_ok(), "the hook's panic escaped");
    assert_eq!(hooked.state(), State::Starting);
    let mut stop = pin!(hooked.cleanup());
    assert!(matches!(poll_once(stop.as_mut()), Poll::Ready(Ok(()))));
    let mut seen = entries(&log);
    seen.sort();
    assert_eq!(seen, ["cleanup db", "cleanup worker", "init db", "init worker"]);
}

/// An error whose `Display` panics.
#[derive(Debug)]
struct Unprintable;
impl fmt::Display for Unprintable {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("this error cannot be displayed");
    }
}
impl std::error::Error for Unprintable {}

struct Plain {
    name: &'static str,
    fails: bool,
    log: Log,
}
impl Component for Plain {
    fn init(&mut self) -> Result<(), ComponentError> {
        if self.fails {
            return Err(Unprintable.into());
        }
        self.log.lock().unwrap().push(format!("init {}", self.name));
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.log.lock().unwrap().push(format!("cleanup {}", self.name));
        Ok(())
    }
}

/// A config whose `Debug` panics.
struct Settings;
impl fmt::Debug for Settings {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("this config cannot be shown");
    }
}

#[derive(Orchestrator)]
struct Plainly {
    #[orchestrator(config)]
    settings: Settings,
    #[component]
    db: Plain,
    #[component(after(db))]
    worker: Plain,
    lifecycle: Lifecycle,
}

/// A sync `init` fails with an error whose `Display` panics: `initialize()` still returns its
/// error, the rollback ran, and the orchestrator is `Failed` (not `Starting` for ever).
#[test]
fn a_sync_init_error_whose_display_panics_is_rolled_back() {
    let log = Log::default();
    let db = Plain { name: "db", fails: false, log: log.clone() };
    let worker = Plain { name: "worker", fails: true, log: log.clone() };
    let mut sync = Plainly::from_parts(Settings, db, worker);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sync.initialize()));
    let error = result.expect("the error's Display panicked out of initialize()").unwrap_err();
    assert_eq!(error.component(), "worker");
    assert!(error.cause().downcast_ref::<Unprintable>().is_some());
    assert_eq!(sync.state(), State::Failed);
    assert_eq!(entries(&log), ["init db", "cleanup db"]);
    // the status shows what can be shown, and says what could not
    let status = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sync.status())).expect("status() panicked");
    let failure = status.last_failure.expect("the failure is recorded");
    assert!(failure.message.contains("panicked"), "{failure}");
    assert!(status.config.is_some_and(|c| c.contains("panicked")));
    // and the orchestrator starts again
    sync.worker.fails = false;
    sync.initialize().unwrap();
    sync.cleanup().unwrap();
}

/// The same in an async orchestrator.
#[tokio::test(start_paused = true)]
async fn an_async_init_error_whose_display_panics_is_rolled_back() {
    struct Failing;
    impl AsyncComponent for Failing {
        async fn init(&mut self) -> Result<(), ComponentError> {
            Err(Unprintable.into())
        }
    }
    #[derive(Orchestrator)]
    #[orchestrator(async)]
    struct Both {
        #[component]
        db: Part,
        #[component(after(db))]
        failing: Failing,
        lifecycle: Lifecycle,
    }
    let log = Log::default();
    let mut both = Both::from_parts(Part::new("db", &log), Failing);
    let _handle = both.status_handle();
    let error = both.initialize().await.unwrap_err();
    assert_eq!(error.component(), "failing");
    assert_eq!(both.state(), State::Failed);
    assert_eq!(entries(&log), ["init db", "cleanup db"]);
}

// ---------------------------------------------------------------------------------------------
// 8. Counters saturate (a unit test in orchestrator-core drives a restart counter at its
//    maximum; here: a run's total restarts through the public API, many restarts, no panic).

/// Many restarts in a row, each counted once.
#[tokio::test(start_paused = true)]
async fn restart_counts_add_up() {
    let log = Log::default();
    let (mut pair, sick) = sick_worker_pair(&log);
    sick.store(true, Ordering::SeqCst);
    let restarts = Arc::new(AtomicU32::new(0));
    let handle = pair.status_handle();
    let shutdown = {
        let restarts = restarts.clone();
        async move {
            while handle.snapshot().components[1].restarts < 50 {
                sleep(Duration::from_millis(10)).await;
            }
            restarts.store(handle.snapshot().components[1].restarts, Ordering::SeqCst);
        }
    };
    let supervision = Supervision::new()
        .check_every(Duration::from_millis(10))
        .backoff(Backoff { factor: 1.0, ..backoff(Duration::from_millis(1)) })
        .max_restarts(1000, Duration::from_secs(1));
    let report = pair.run(shutdown, &supervision).await.unwrap();
    assert_eq!(report.restarts, restarts.load(Ordering::SeqCst));
}
