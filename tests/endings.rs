//! What a supervised run does at its edges, as its documentation states it (tokio's paused
//! clock): the exit of a component that a shutdown caught between its restart's cleanup and
//! its init again; giving up cleans up like a shutdown, after the drain delay and within the
//! shutdown deadline; and a component's health between its init and the first check.
#![cfg(feature = "tokio")]

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use orchestrator::async_prelude::*;
use orchestrator::{Health, TimedOut};
use tokio::time::{Instant, sleep};

/// Each step and its time since the start of the test.
type Log = Arc<Mutex<Vec<(String, Duration)>>>;

struct Part {
    name: &'static str,
    log: Log,
    start: Instant,
    /// Reports `Unhealthy` while set.
    sick: Arc<AtomicBool>,
    /// How long each init takes, by attempt (the last one repeats).
    init_takes: Vec<Duration>,
    inits: AtomicU32,
    /// Its cleanup never finishes.
    hangs: bool,
    /// How long its cleanup takes.
    cleanup_takes: Duration,
}

impl Part {
    fn new(name: &'static str, log: &Log, start: Instant) -> Self {
        let (log, sick) = (log.clone(), Arc::default());
        Self {
            name,
            log,
            start,
            sick,
            init_takes: vec![Duration::ZERO],
            inits: AtomicU32::new(0),
            hangs: false,
            cleanup_takes: Duration::ZERO,
        }
    }
    fn record(&self, what: &str) {
        self.log.lock().unwrap().push((format!("{what} {}", self.name), self.start.elapsed()));
    }
}

impl AsyncComponent for Part {
    async fn init(&mut self) -> Result<(), ComponentError> {
        let attempt = self.inits.fetch_add(1, Ordering::SeqCst) as usize;
        let takes = self.init_takes[attempt.min(self.init_takes.len() - 1)];
        self.record("init begins");
        sleep(takes).await;
        self.record("init");
        Ok(())
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        if self.hangs {
            std::future::pending::<()>().await;
        }
        self.record("cleanup begins");
        sleep(self.cleanup_takes).await;
        self.record("cleanup");
        Ok(())
    }
    fn health(&self) -> Health {
        if self.sick.load(Ordering::SeqCst) { Health::Unhealthy("stuck".into()) } else { Health::Healthy }
    }
}

/// `db` <- `worker`, and `audit` on its own.
#[derive(Orchestrator)]
#[orchestrator(async)]
struct Service {
    #[component]
    db: Part,
    #[component(after(db))]
    worker: Part,
    #[component]
    audit: Part,
    lifecycle: Lifecycle,
}

fn fixture() -> (Service, Log) {
    let (log, start) = (Log::default(), Instant::now());
    let service = Service::from_parts(
        Part::new("db", &log, start),
        Part::new("worker", &log, start),
        Part::new("audit", &log, start),
    );
    (service, log)
}

fn steps(log: &Log) -> Vec<(String, Duration)> {
    log.lock().unwrap().clone()
}

/// The cleanups that finished, and when.
fn cleaned(log: &Log) -> Vec<(String, Duration)> {
    steps(log).into_iter().filter(|(what, _)| what.starts_with("cleanup ") && !what.contains("begins")).collect()
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// No jitter: exact times.
fn exact(base: Duration) -> Backoff {
    Backoff { base, jitter: 0.0, ..Backoff::default() }
}

/// The worker turns unhealthy; its restart (after a 1 s backoff, at 2 s) cleans it up and
/// begins its init again, which takes 10 s; the shutdown comes at 5 s. The restart is
/// abandoned (its init dropped), and the shutdown's cleanup finds the worker released already:
/// the report says `NotRunning`. `Stopped` is for what the shutdown itself cleaned up.
#[tokio::test(start_paused = true)]
async fn a_component_released_by_a_restart_the_shutdown_cut_short_ends_not_running() {
    let (mut service, log) = fixture();
    service.worker.init_takes = vec![Duration::ZERO, secs(10.0)];
    service.worker.sick.store(true, Ordering::SeqCst);
    let supervision = Supervision::new().check_every(secs(1.0)).backoff(exact(secs(1.0)));
    let report = service.run(sleep(secs(5.0)), &supervision).await.unwrap();
    let steps: Vec<_> = steps(&log).into_iter().filter(|(what, _)| !what.ends_with("begins db")).collect();
    assert_eq!(
        steps,
        [
            ("init db".into(), secs(0.0)),
            ("init begins audit".into(), secs(0.0)),
            ("init audit".into(), secs(0.0)),
            ("init begins worker".into(), secs(0.0)),
            ("init worker".into(), secs(0.0)),
            // checked unhealthy at 1 s, restarted after the backoff
            ("cleanup begins worker".into(), secs(2.0)),
            ("cleanup worker".into(), secs(2.0)),
            ("init begins worker".into(), secs(2.0)),
            // the shutdown at 5 s: the worker's init is dropped, the others are cleaned up
            ("cleanup db".into(), secs(5.0)),
            ("cleanup begins audit".into(), secs(5.0)),
            ("cleanup audit".into(), secs(5.0)),
        ]
    );
    // a report compares whole
    let expected = RunReport {
        orchestrator: "Service",
        components: vec![("db", Exit::Stopped), ("worker", Exit::NotRunning), ("audit", Exit::Stopped)],
        restarts: 1,
    };
    assert_eq!(report, expected);
    assert!(report.is_clean());
}

/// The same when the shutdown cuts the restart short before the released component's init
/// began: the db turns unhealthy, its restart releases the worker (which depends on it), then
/// the db's own cleanup takes 10 s; the shutdown at 5 s drops it. The worker, released, ends
/// `NotRunning`; the db, whose cleanup was cut short, is cleaned up by the shutdown: `Stopped`.
#[tokio::test(start_paused = true)]
async fn the_exit_does_not_depend_on_where_the_restart_was_cut() {
    let (mut service, log) = fixture();
    service.db.sick.store(true, Ordering::SeqCst);
    service.db.cleanup_takes = secs(10.0);
    let supervision = Supervision::new().check_every(secs(1.0)).backoff(exact(secs(1.0)));
    let report = service.run(sleep(secs(5.0)), &supervision).await.unwrap();
    let cleanups: Vec<_> = steps(&log).into_iter().filter(|(what, _)| what.starts_with("cleanup")).collect();
    assert_eq!(
        cleanups,
        [
            ("cleanup begins worker".into(), secs(2.0)),
            ("cleanup worker".into(), secs(2.0)),
            ("cleanup begins db".into(), secs(2.0)),
            // the shutdown at 5 s: the db's cleanup again, to the end
            ("cleanup begins db".into(), secs(5.0)),
            ("cleanup begins audit".into(), secs(5.0)),
            ("cleanup audit".into(), secs(5.0)),
            ("cleanup db".into(), secs(15.0)),
        ]
    );
    assert_eq!(report.exit(ServiceComponent::Worker), Some(&Exit::NotRunning));
    assert_eq!(report.exit(ServiceComponent::Db), Some(&Exit::Stopped));
    assert_eq!(report.exit(ServiceComponent::Audit), Some(&Exit::Stopped));
}

/// A component that never got running ends `NotRunning`: here the shutdown comes during the
/// start, while the worker's first init runs.
#[tokio::test(start_paused = true)]
async fn a_component_the_run_never_got_running_ends_not_running() {
    let (mut service, log) = fixture();
    service.worker.init_takes = vec![secs(10.0)];
    let report = service.run(sleep(secs(3.0)), &Supervision::new()).await.unwrap();
    assert_eq!(report.exit(ServiceComponent::Worker), Some(&Exit::NotRunning));
    assert_eq!(report.exit(ServiceComponent::Db), Some(&Exit::Stopped));
    assert_eq!(cleaned(&log), [("cleanup db".into(), secs(3.0)), ("cleanup audit".into(), secs(3.0))]);
}

/// Past the restart budget the run gives up, and ends as a shutdown does: readiness off, the
/// drain delay, then the cleanup within the shutdown deadline (a cleanup that hangs is cut
/// off there and reported `TimedOut`; the others still run).
#[tokio::test(start_paused = true)]
async fn giving_up_cleans_up_after_the_drain_and_within_the_shutdown_deadline() {
    let (mut service, log) = fixture();
    service.worker.sick.store(true, Ordering::SeqCst); // and a restart does not heal it
    service.audit.hangs = true;
    let handle = service.status_handle();
    let supervision = Supervision::new()
        .check_every(secs(1.0))
        .backoff(exact(secs(1.0)))
        .max_restarts(1, secs(60.0))
        .drain(secs(2.0))
        .shutdown_timeout(secs(3.0));
    let start = Instant::now();
    let run = service.run(std::future::pending(), &supervision);
    let watch = async {
        // unhealthy at the check at 1 s, restarted at 2 s, unhealthy again at 3 s: it gives up
        sleep(secs(3.5)).await;
        handle.snapshot()
    };
    let (ended, draining) = tokio::join!(run, watch);
    assert!(!draining.ready && !draining.live, "readiness and liveness are off during the drain");
    assert_eq!(draining.state, State::Ready, "nothing is cleaned up during the drain");
    let RunError::GaveUp { component, restarts, report, .. } = ended.unwrap_err() else { panic!("gave up") };
    assert_eq!((component, restarts), ("worker", 1));
    // the restart's cleanup at 2 s; after the drain (3 s + 2 s), the shutdown's
    assert_eq!(
        cleaned(&log),
        [("cleanup worker".into(), secs(2.0)), ("cleanup worker".into(), secs(5.0)), ("cleanup db".into(), secs(5.0))]
    );
    // and it returns at the shutdown deadline, 3 s after the drain
    assert_eq!(start.elapsed(), secs(8.0));
    assert_eq!(report.exit(ServiceComponent::Audit), Some(&Exit::TimedOut(TimedOut::deadline("cleanup", 3000))));
    assert_eq!(report.exit(ServiceComponent::Worker), Some(&Exit::Stopped));
    assert_eq!(report.exit(ServiceComponent::Db), Some(&Exit::Stopped));
}

/// Between a component's init and the first health check, the live status shows its health
/// as `Unknown`, and readiness does not wait for a check: a component is ready when it is
/// initialized. `status()` asks the components at once (and the live status then shows what
/// it found); a supervised run checks at its interval.
#[tokio::test(start_paused = true)]
async fn health_is_unknown_until_the_first_check() {
    let (mut service, _log) = fixture();
    service.worker.sick.store(true, Ordering::SeqCst);
    let handle = service.status_handle();
    service.initialize().await.unwrap();
    let live = handle.snapshot();
    assert_eq!(live.component(ServiceComponent::Worker).unwrap().health, Health::Unknown);
    assert!(live.ready, "readiness does not wait for a health check");
    // `status()` asks now, and the live view shows it
    assert_eq!(service.status().component(ServiceComponent::Worker).unwrap().health, Health::Unhealthy("stuck".into()));
    assert_eq!(
        handle.snapshot().component(ServiceComponent::Worker).unwrap().health,
        Health::Unhealthy("stuck".into())
    );
    service.cleanup().await.unwrap();
    assert_eq!(handle.snapshot().component(ServiceComponent::Worker).unwrap().health, Health::Unknown);

    // in a supervised run: unknown until the check at the interval
    let (mut supervised, _log) = fixture();
    supervised.worker.sick.store(true, Ordering::SeqCst);
    let handle = supervised.status_handle();
    let supervision = Supervision::new().check_every(secs(1.0)).backoff(exact(secs(10.0)));
    let run = supervised.run(sleep(secs(3.0)), &supervision);
    let watch = async {
        sleep(secs(0.5)).await;
        let before = handle.snapshot();
        sleep(secs(1.0)).await;
        (before, handle.snapshot())
    };
    let (_, (before, after)) = tokio::join!(run, watch);
    assert_eq!(before.component(ServiceComponent::Worker).unwrap().health, Health::Unknown);
    assert!(before.ready);
    assert_eq!(after.component(ServiceComponent::Worker).unwrap().health, Health::Unhealthy("stuck".into()));
    assert!(!after.ready, "waiting for its restart");
}
