//! A supervised run (`Supervise::run`, the `tokio` feature) of a derived async
//! orchestrator, under tokio's paused clock: health checks at the interval, restarts by policy
//! with backoff and a restart intensity, giving up past it, readiness and liveness through the
//! live status handle, a shutdown that returns at its deadline, and settings refused before
//! anything starts.
#![cfg(feature = "tokio")]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use orchestrator::prelude::*;
use orchestrator::{
    AsyncComponent, AsyncOrchestrator, Backoff, Exit, RestartPolicy, RunError, StatusHandle, Supervision,
    SupervisionError,
};
use tokio::time::{Instant, sleep};

/// `(what, when)`: each component's inits and cleanups with the paused clock's time since the
/// start of the test.
type Log = Arc<Mutex<Vec<(String, Duration)>>>;

struct ComponentField {
    name: &'static str,
    log: Log,
    start: Instant,
    /// The test turns it on to make the component report `Unhealthy`; `init` turns it off
    /// (a restart heals) unless `stays_sick`.
    sick: Arc<AtomicBool>,
    stays_sick: bool,
    /// Its cleanup never finishes.
    hangs: bool,
    /// Readiness, seen by the cleanup (a shutdown turns readiness off first).
    handle: Option<StatusHandle>,
    seen_ready_in_cleanup: Arc<Mutex<Option<bool>>>,
}

impl ComponentField {
    fn record(&self, what: &str) {
        self.log.lock().unwrap().push((format!("{what} {}", self.name), self.start.elapsed()));
    }
}

impl AsyncComponent for ComponentField {
    async fn init(&mut self) -> Result<(), ComponentError> {
        if !self.stays_sick {
            self.sick.store(false, Ordering::SeqCst);
        }
        self.record("init");
        Ok(())
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        if let Some(handle) = &self.handle {
            *self.seen_ready_in_cleanup.lock().unwrap() = Some(handle.is_ready());
        }
        if self.hangs {
            std::future::pending::<()>().await;
        }
        self.record("cleanup");
        Ok(())
    }
    fn health(&self) -> Health {
        if self.sick.load(Ordering::SeqCst) { Health::Unhealthy("worker task died".into()) } else { Health::Healthy }
    }
}

/// `db` <- `worker` <- `http`, and `metrics` on its own.
#[derive(Orchestrator)]
#[orchestrator(async)]
struct Service {
    #[component]
    db: ComponentField,
    #[component(after(db))]
    worker: ComponentField,
    #[component(after(worker))]
    http: ComponentField,
    #[component]
    metrics: ComponentField,
    lifecycle: Lifecycle,
}

struct Fixture {
    service: Service,
    log: Log,
    worker_sick: Arc<AtomicBool>,
    start: Instant,
}

fn fixture() -> Fixture {
    let log = Log::default();
    let start = Instant::now();
    let part = |name| ComponentField {
        name,
        log: log.clone(),
        start,
        sick: Arc::default(),
        stays_sick: false,
        hangs: false,
        handle: None,
        seen_ready_in_cleanup: Arc::default(),
    };
    let (db, worker, http, metrics) = (part("db"), part("worker"), part("http"), part("metrics"));
    let worker_sick = worker.sick.clone();
    Fixture { service: Service::from_parts(db, worker, http, metrics), log, worker_sick, start }
}

fn events(log: &Log) -> Vec<String> {
    log.lock().unwrap().iter().map(|(what, _)| what.clone()).collect()
}

fn when(log: &Log, what: &str) -> Vec<Duration> {
    log.lock().unwrap().iter().filter(|(w, _)| w == what).map(|(_, t)| *t).collect()
}

/// No jitter, so that the restart times are exact.
fn exact() -> Backoff {
    Backoff { jitter: 0.0, ..Backoff::default() }
}

#[tokio::test(start_paused = true)]
async fn runs_until_shutdown_and_reports_every_component_stopped() {
    let mut f = fixture();
    let report = f.service.run(sleep(Duration::from_secs(10)), &Supervision::new()).await.unwrap();
    assert!(report.is_clean());
    assert!(matches!(report.exit("http"), Some(Exit::Stopped)));
    assert_eq!(report.restarts, 0);
    assert_eq!(f.start.elapsed(), Duration::from_secs(10));
    assert_eq!(
        events(&f.log),
        [
            "init db",
            "init metrics",
            "init worker",
            "init http",
            "cleanup http",
            "cleanup worker",
            "cleanup db",
            "cleanup metrics"
        ]
    );
    assert_eq!(f.service.state(), State::Stopped);
}

#[tokio::test(start_paused = true)]
async fn an_unhealthy_component_is_restarted_with_its_dependents_after_its_backoff() {
    let mut f = fixture();
    let handle = f.service.status_handle();
    let sick = f.worker_sick.clone();
    let supervision = Supervision::new().check_every(Duration::from_secs(1)).backoff(exact());
    let observer = async {
        sleep(Duration::from_millis(2500)).await;
        assert!(handle.is_ready());
        sick.store(true, Ordering::SeqCst); // found by the check at 3 s, restarted at 3.1 s
        sleep(Duration::from_millis(550)).await; // 3.05 s: backing off
        let now = handle.snapshot();
        assert!(now.backing_off && !now.ready && now.live, "{now:?}");
        sleep(Duration::from_millis(100)).await; // 3.15 s: restarted
        let now = handle.snapshot();
        assert!(now.ready, "{now:?}");
        // components in initialization order: db, worker, http, metrics
        assert_eq!(now.components.iter().map(|c| c.restarts).collect::<Vec<_>>(), [0, 1, 1, 0]);
    };
    let (report, ()) = tokio::join!(f.service.run(sleep(Duration::from_secs(5)), &supervision), observer);
    let report = report.unwrap();
    assert_eq!(report.restarts, 1);
    let restart: Vec<String> = events(&f.log)[4..8].to_vec();
    assert_eq!(restart, ["cleanup http", "cleanup worker", "init worker", "init http"]);
    assert_eq!(when(&f.log, "init worker")[1], Duration::from_millis(3100), "the check at 3 s, then 100 ms of backoff");
    assert_eq!(when(&f.log, "init db").len(), 1, "db does not depend on the worker: not restarted");
    let restarts: Vec<_> = f.service.status().components.iter().map(|c| (c.name, c.restarts)).collect();
    assert_eq!(restarts, [("db", 0), ("worker", 1), ("http", 1), ("metrics", 0)]);
}

#[tokio::test(start_paused = true)]
async fn policies_restart_the_component_alone_or_everything() {
    for (policy, restarted) in [
        (RestartPolicy::Component, &["cleanup worker", "init worker"][..]),
        (
            RestartPolicy::All,
            &[
                "cleanup http",
                "cleanup worker",
                "cleanup db",
                "cleanup metrics",
                "init db",
                "init metrics",
                "init worker",
                "init http",
            ][..],
        ),
    ] {
        let mut f = fixture();
        // the worker turns sick after the start (its init heals it)
        let sick = f.worker_sick.clone();
        let supervision = Supervision::new().restart_policy_of("worker", policy).backoff(exact());
        let make_sick = async {
            sleep(Duration::from_millis(500)).await;
            sick.store(true, Ordering::SeqCst);
        };
        let (report, ()) = tokio::join!(f.service.run(sleep(Duration::from_millis(1500)), &supervision), make_sick);
        assert_eq!(report.unwrap().restarts, 1, "{policy:?}");
        let all = events(&f.log);
        assert_eq!(&all[4..4 + restarted.len()], restarted, "{policy:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn past_the_restart_intensity_supervision_gives_up_and_cleans_everything() {
    let mut f = fixture();
    f.service.worker.stays_sick = true;
    f.worker_sick.store(true, Ordering::SeqCst);
    let handle = f.service.status_handle();
    let supervision = Supervision::new().max_restarts(3, Duration::from_secs(60)).backoff(exact());
    let err = f.service.run(std::future::pending(), &supervision).await.unwrap_err();
    let RunError::GaveUp { component, restarts, window, report, .. } = &err else { panic!("{err}") };
    assert_eq!((*component, *restarts, *window), ("worker", 3, Duration::from_secs(60)));
    assert!(report.is_clean(), "everything was cleaned up: {report}");
    assert_eq!(f.service.state(), State::Stopped);
    assert!(!handle.is_live() && !handle.is_ready());
    assert!(
        err.to_string()
            .starts_with("Service: gave up on `worker` (unhealthy: worker task died) after 3 restart(s) within 60s"),
        "{err}"
    );

    // backoff: attempt n waits min(cap, base × factor^n) = 100, 200, 400 ms after the check
    // that found it, each check an interval (1 s) after the last restart
    let inits = when(&f.log, "init worker");
    let expected: Vec<Duration> = [0, 1100, 2300, 3700].iter().map(|&ms| Duration::from_millis(ms)).collect();
    assert_eq!(inits, expected);
}

#[tokio::test(start_paused = true)]
async fn backoff_delays_stay_within_their_jitter() {
    let backoff = Backoff {
        base: Duration::from_millis(200),
        factor: 3.0,
        cap: Duration::from_secs(5),
        jitter: 0.25,
        ..Backoff::default()
    };
    for attempt in 0..8 {
        let nominal = (0.2 * 3f64.powi(attempt)).min(5.0);
        for unit in [-1.0, -0.3, 0.0, 0.6, 1.0] {
            let delay = backoff.delay(u32::try_from(attempt).unwrap(), unit).as_secs_f64();
            assert!(delay >= nominal * 0.75 - 1e-9 && delay <= nominal * 1.25 + 1e-9, "attempt {attempt}: {delay}");
        }
    }
    // and in a run: the worker sick after every restart; each restart comes after a check plus
    // a jittered delay of attempt n
    let mut f = fixture();
    f.service.worker.stays_sick = true;
    f.worker_sick.store(true, Ordering::SeqCst);
    let supervision = Supervision::new().max_restarts(5, Duration::from_secs(600)).backoff(backoff);
    let _ = f.service.run(std::future::pending(), &supervision).await;
    let inits = when(&f.log, "init worker");
    for (n, pair) in inits.windows(2).enumerate() {
        let delay = (pair[1] - pair[0]).as_secs_f64() - 1.0; // minus the check interval
        let nominal = (0.2 * 3f64.powi(i32::try_from(n).unwrap())).min(5.0);
        assert!(delay >= nominal * 0.75 - 1e-3 && delay <= nominal * 1.25 + 1e-3, "restart {n}: {delay} s");
    }
}

#[tokio::test(start_paused = true)]
async fn shutdown_turns_readiness_off_before_the_first_cleanup_and_returns_at_its_deadline() {
    let mut f = fixture();
    let handle = f.service.status_handle();
    f.service.http.handle = Some(handle.clone());
    f.service.db.hangs = true;
    let seen = f.service.http.seen_ready_in_cleanup.clone();
    let supervision = Supervision::new().shutdown_timeout(Duration::from_secs(3)).drain(Duration::from_secs(1));
    let err = f.service.run(sleep(Duration::from_secs(2)), &supervision).await.unwrap_err();
    assert_eq!(f.start.elapsed(), Duration::from_secs(2 + 1 + 3), "shutdown at 2 s, drain 1 s, deadline 3 s");
    assert_eq!(*seen.lock().unwrap(), Some(false), "not ready when the first cleanup ran");
    let RunError::Stop(report) = &err else { panic!("{err}") };
    assert!(matches!(report.exit("db"), Some(Exit::TimedOut(_))), "{report}");
    assert!(matches!(report.exit("worker"), Some(Exit::Stopped)));
    assert!(handle.is_live(), "a shutdown is not a failure");
}

#[tokio::test(start_paused = true)]
async fn a_shutdown_during_a_backoff_abandons_the_restart_and_cleans_up_once() {
    let mut f = fixture();
    f.worker_sick.store(true, Ordering::SeqCst);
    f.service.worker.stays_sick = true;
    let supervision = Supervision::new().backoff(Backoff { base: Duration::from_secs(10), ..exact() });
    // sick at the check at 1 s; backoff 10 s; shutdown at 2 s
    let report = f.service.run(sleep(Duration::from_secs(2)), &supervision).await.unwrap();
    assert!(report.is_clean());
    assert_eq!(f.start.elapsed(), Duration::from_secs(2));
    assert_eq!(when(&f.log, "cleanup worker").len(), 1);
    assert_eq!(when(&f.log, "init worker").len(), 1);
}

#[tokio::test(start_paused = true)]
async fn bad_settings_are_refused_before_anything_starts() {
    for (supervision, expected) in [
        (Supervision::new().check_every(Duration::ZERO), SupervisionError::ZeroInterval),
        (Supervision::new().max_restarts(0, Duration::from_secs(1)), SupervisionError::ZeroRestarts),
        (
            Supervision::new().restart_policy_of("wrker", RestartPolicy::Component),
            SupervisionError::UnknownComponent {
                orchestrator: "Service",
                name: "wrker".into(),
                closest: Some("worker"),
            },
        ),
    ] {
        let mut f = fixture();
        let err = f.service.run(std::future::pending(), &supervision).await.unwrap_err();
        let RunError::Supervision(got) = err else { panic!("{err}") };
        assert_eq!(got, expected);
        assert!(events(&f.log).is_empty(), "nothing started");
        assert_eq!(f.service.state(), State::Created);
    }
}
