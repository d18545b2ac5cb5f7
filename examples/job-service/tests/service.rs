//! The job service as a client sees it: real sockets on 127.0.0.1, a real SQLite file in a
//! scratch directory, a supervised run stopped by the test. After each run the test reopens the
//! file and checks that every job the service accepted (`202`) is a row.
//!
//! Time bounds are generous (seconds beyond what a step needs) and every wait is bounded, so a
//! slow machine makes a test slower, not wrong.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use job_service::{Config, Handles, JobService, job_service, supervision};
use orchestrator::prelude::*;
use orchestrator::{Exit, RunError, RunReport, Supervision};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Long enough for any step of these tests on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(30);

/// How far past a deadline a shutdown may return here: generous, so that a loaded machine does
/// not fail a test, and still far below what the shutdown would take without the deadline (an
/// hour, or forever). The exact bound is proved under tokio's paused clock in the facade's
/// `tests/deadlines.rs` and `tests/supervision.rs`.
const MARGIN: Duration = Duration::from_secs(10);

/// A directory for one test's database, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("job-service-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn database(&self) -> PathBuf {
        self.0.join("jobs.db")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

type Outcome = (JobService, Result<RunReport, RunError>);

/// A supervised run of the service in a task of its own.
struct Running {
    handles: Handles,
    address: SocketAddr,
    shutdown: oneshot::Sender<()>,
    run: JoinHandle<Outcome>,
}

/// Starts the service, and waits until it listens and reports ready.
async fn start(config: Config) -> Running {
    start_with(config.clone(), supervision(&config)).await
}

async fn start_with(config: Config, supervision: Supervision) -> Running {
    let (mut service, handles) = job_service(config);
    let (shutdown, stop) = oneshot::channel::<()>();
    let run = tokio::spawn(async move {
        let outcome = service
            .run(
                async {
                    let _ = stop.await;
                },
                &supervision,
            )
            .await;
        (service, outcome)
    });
    let address = tokio::time::timeout(PATIENCE, handles.http.local_addr()).await.unwrap().unwrap();
    let ready = handles.status.clone();
    wait_until("the service is ready", || ready.is_ready()).await;
    Running { handles, address, shutdown, run }
}

impl Running {
    /// Asks for shutdown and waits for the run to return (bounded), with how long it took.
    async fn stop(self) -> (JobService, Result<RunReport, RunError>, Duration) {
        let asked = Instant::now();
        self.shutdown.send(()).unwrap();
        let (service, outcome) = tokio::time::timeout(PATIENCE, self.run).await.expect("the run hangs").unwrap();
        (service, outcome, asked.elapsed())
    }
}

/// Waits, bounded, until `condition` holds.
async fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !condition() {
        assert!(Instant::now() < deadline, "waited {PATIENCE:?} for: {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// A config for tests: the database in `scratch`, quick health checks.
fn config(scratch: &Scratch) -> Config {
    Config { check_every: Duration::from_millis(50), ..Config::new(scratch.database()) }
}

/// An HTTP/1.1 client with a connection pool.
struct Api {
    client: Client<HttpConnector, Full<Bytes>>,
    address: SocketAddr,
}

impl Api {
    fn new(address: SocketAddr) -> Self {
        Api { client: Client::builder(TokioExecutor::new()).build_http(), address }
    }

    async fn call(&self, method: Method, path: &str, body: Option<&Value>) -> (StatusCode, Value) {
        let request = Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.address))
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body.map(Value::to_string).unwrap_or_default())))
            .unwrap();
        let response = tokio::time::timeout(PATIENCE, self.client.request(request)).await.unwrap().unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    /// Submits a job: its id if accepted (`202`), `None` if refused with `503`.
    async fn submit(&self, payload: &Value) -> Option<i64> {
        match self.call(Method::POST, "/jobs", Some(payload)).await {
            (StatusCode::ACCEPTED, body) => Some(body["id"].as_i64().unwrap()),
            (StatusCode::SERVICE_UNAVAILABLE, body) => {
                assert!(body["error"].is_string(), "{body}");
                None
            }
            (status, body) => panic!("POST /jobs answered {status}: {body}"),
        }
    }

    async fn health(&self) -> (StatusCode, Value) {
        self.call(Method::GET, "/health", None).await
    }
}

/// The rows of the database file, by id, read through a connection of its own.
fn rows(database: &Path) -> BTreeMap<i64, String> {
    let connection = rusqlite::Connection::open(database).unwrap();
    let mut select = connection.prepare("SELECT id, payload FROM jobs").unwrap();
    let rows = select.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap();
    rows.map(Result::unwrap).collect()
}

/// Every accepted job is a row with its payload, and there is no other row.
fn assert_stored(database: &Path, accepted: &BTreeMap<i64, Value>) {
    let rows = rows(database);
    let ids: Vec<_> = rows.keys().collect();
    assert_eq!(ids, accepted.keys().collect::<Vec<_>>(), "the rows are exactly the accepted jobs");
    for (id, payload) in accepted {
        assert_eq!(serde_json::from_str::<Value>(&rows[id]).unwrap(), *payload, "job {id}");
    }
}

fn component_restarts(handles: &Handles, name: &str) -> u32 {
    handles.status.snapshot().components.iter().find(|c| c.name == name).unwrap().restarts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_job_accepted_over_http_is_a_row_after_shutdown() {
    let scratch = Scratch::new("hundred");
    let service = start(config(&scratch)).await;
    let api = Arc::new(Api::new(service.address));

    let (status, health) = api.health().await;
    assert_eq!(status, StatusCode::OK, "{health}");
    assert_eq!((health["name"].as_str(), health["ready"].as_bool()), (Some("JobService"), Some(true)), "{health}");

    // 100 jobs from 10 clients at once
    let mut clients = tokio::task::JoinSet::new();
    for client in 0..10 {
        let api = api.clone();
        clients.spawn(async move {
            let mut accepted = Vec::new();
            for n in 0..10 {
                let payload = json!({ "client": client, "n": n });
                let id = api.submit(&payload).await.expect("a queue of 1024 takes 100 jobs");
                accepted.push((id, payload));
            }
            accepted
        });
    }
    let accepted: BTreeMap<i64, Value> = clients.join_all().await.into_iter().flatten().collect();
    assert_eq!(accepted.len(), 100, "100 distinct ids");

    let handles = service.handles.clone();
    let (_, outcome, _) = service.stop().await;
    let report = outcome.unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.restarts, 0);
    assert_eq!(handles.worker.written(), 100);
    assert_stored(&scratch.database(), &accepted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_task_is_restarted_and_no_accepted_job_is_lost() {
    let scratch = Scratch::new("kill");
    let service = start(config(&scratch)).await;
    let handles = service.handles.clone();
    let api = Arc::new(Api::new(service.address));

    // 4 clients submit until told to stop (and at most 5,000 jobs each)
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicUsize::new(0));
    let mut clients = tokio::task::JoinSet::new();
    for client in 0..4 {
        let (api, stop, count) = (api.clone(), stop.clone(), count.clone());
        clients.spawn(async move {
            let (mut accepted, mut refused) = (Vec::new(), 0);
            for n in 0..5_000 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let payload = json!({ "client": client, "n": n });
                match api.submit(&payload).await {
                    Some(id) => {
                        accepted.push((id, payload));
                        count.fetch_add(1, Ordering::SeqCst);
                    }
                    None => refused += 1,
                }
            }
            (accepted, refused)
        });
    }

    // kill the writer twice while the jobs come in; supervision restarts it each time
    for kill in 1..=2 {
        let (seen, writer) = (count.load(Ordering::SeqCst), handles.worker.clone());
        wait_until("more jobs accepted", || count.load(Ordering::SeqCst) >= seen + 50).await;
        wait_until("the writer runs", || writer.is_writing()).await;
        writer.kill_task();
        wait_until("the worker restarted", || component_restarts(&handles, "worker") == kill).await;
    }
    let seen = count.load(Ordering::SeqCst);
    wait_until("jobs accepted after the last restart", || count.load(Ordering::SeqCst) >= seen + 50).await;
    stop.store(true, Ordering::SeqCst);
    let results = clients.join_all().await;
    let refused: usize = results.iter().map(|(_, refused)| refused).sum();
    let accepted: BTreeMap<i64, Value> = results.into_iter().flat_map(|(accepted, _)| accepted).collect();
    assert_eq!(accepted.len(), count.load(Ordering::SeqCst), "distinct ids");

    let (service, outcome, _) = service.stop().await;
    let report = outcome.unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.restarts, 2, "{report}");
    assert_eq!(component_restarts(&handles, "worker"), 2);
    assert_eq!(component_restarts(&handles, "http"), 0, "the server kept running: the worker restarts alone");
    assert!(service.status().last_failure.is_none(), "{}", service.status());
    assert_stored(&scratch.database(), &accepted);
    println!("{} jobs accepted, {refused} refused (queue full), across 2 kills", accepted.len());
}

/// A batch whose write fails (another connection holds the file's write lock) stays pending
/// when the writer task ends with the error; the restarted worker stores it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_whose_write_failed_is_stored_after_the_restart() {
    let scratch = Scratch::new("busy");
    let config = Config { busy_timeout: Duration::from_millis(50), ..config(&scratch) };
    // restarts may fail while the lock is held: a budget that outlasts it
    let supervision = supervision(&config).max_restarts(100, Duration::from_secs(60));
    let service = start_with(config, supervision).await;
    let handles = service.handles.clone();
    let api = Api::new(service.address);

    let blocker = rusqlite::Connection::open(scratch.database()).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut accepted = BTreeMap::new();
    for n in 0..10 {
        let payload = json!({ "n": n });
        accepted.insert(api.submit(&payload).await.unwrap(), payload);
    }
    let worker = handles.worker.clone();
    wait_until("a write failed with jobs pending", || worker.pending() > 0 && !worker.is_writing()).await;
    wait_until("supervision restarted the worker", || component_restarts(&handles, "worker") >= 1).await;
    blocker.execute_batch("ROLLBACK").unwrap();
    drop(blocker);
    wait_until("the pending jobs are stored", || worker.pending() == 0 && worker.written() == 10).await;

    let (_, outcome, _) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_stored(&scratch.database(), &accepted);
}

/// The queue is the worker's, not its task's: with the writer dead and not yet restarted, jobs
/// are accepted until the queue is full (then `503`), and the worker's cleanup stores them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_answers_503_and_a_dead_writer_s_queue_is_stored_on_shutdown() {
    let scratch = Scratch::new("full");
    let config = Config { queue_capacity: 4, check_every: Duration::from_secs(3600), ..config(&scratch) };
    let service = start(config).await;
    let worker = service.handles.worker.clone();
    let api = Api::new(service.address);

    worker.kill_task();
    wait_until("the writer task is dead", || !worker.is_writing()).await;
    let mut accepted = BTreeMap::new();
    let mut refused = 0;
    for n in 0..10 {
        let payload = json!({ "n": n });
        match api.submit(&payload).await {
            Some(id) => drop(accepted.insert(id, payload)),
            None => refused += 1,
        }
    }
    assert_eq!((accepted.len(), refused), (4, 6), "a queue of 4");
    let (status, health) = api.health().await;
    assert_eq!(status, StatusCode::OK, "no health check ran yet: {health}");

    let (_, outcome, _) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_stored(&scratch.database(), &accepted);
}

/// Opens a connection that sends a request's head and half its body, then stalls; returns once
/// the server is reading that request.
async fn stalled_request(service: &Running) -> TcpStream {
    let before = service.handles.http.requests();
    let mut stream = TcpStream::connect(service.address).await.unwrap();
    let head =
        "POST /jobs HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(br#"{"stalled": "#).await.unwrap();
    let http = service.handles.http.clone();
    wait_until("the server reads the stalled request", || http.requests() > before).await;
    stream
}

/// A connection that sent half a request head and stalls.
async fn stalled_head(service: &Running) -> TcpStream {
    let before = service.handles.http.connections();
    let mut stream = TcpStream::connect(service.address).await.unwrap();
    stream.write_all(b"POST /jobs HTTP/1.1\r\nhost: loc").await.unwrap();
    let http = service.handles.http.clone();
    wait_until("the server holds the connection", || http.connections() > before).await;
    stream
}

/// Whether the server closed the connection (bounded wait).
async fn closed(stream: &mut TcpStream) -> bool {
    let mut buffer = [0; 1024];
    loop {
        match tokio::time::timeout(PATIENCE, stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {} // a response (408, 503): read on to the close
            Err(_) => return false,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_client_does_not_keep_shutdown_past_the_grace_period() {
    let scratch = Scratch::new("stall");
    let grace = Duration::from_millis(500);
    let config = Config { grace, shutdown_timeout: Duration::from_secs(5), ..config(&scratch) };
    let deadline = config.shutdown_timeout;
    let service = start(config).await;
    let api = Api::new(service.address);
    let id = api.submit(&json!({ "before": "the stall" })).await.unwrap();
    let mut body = stalled_request(&service).await;
    let mut head = stalled_head(&service).await;

    let (_, outcome, took) = service.stop().await;
    let report = outcome.unwrap();
    assert!(report.is_clean(), "the server cut the stalled request off itself: {report}");
    assert!(took >= grace, "the request in flight had its grace period: {took:?}");
    assert!(took < deadline + MARGIN, "shutdown took {took:?}");
    assert!(closed(&mut body).await && closed(&mut head).await, "the stalled connections are closed");
    assert_stored(&scratch.database(), &BTreeMap::from([(id, json!({ "before": "the stall" }))]));
}

/// The server's cleanup waits an hour for a stalled request: the component's own timeout cuts
/// it off, and the worker and the database still stop cleanly, every accepted job stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cleanup_that_would_wait_an_hour_is_cut_off_by_its_timeout() {
    let scratch = Scratch::new("timeout");
    let http_timeout = Duration::from_secs(1);
    let config = Config {
        grace: Duration::from_secs(3600),
        http_timeout: Some(http_timeout),
        shutdown_timeout: Duration::from_secs(60),
        ..config(&scratch)
    };
    let service = start(config).await;
    let api = Api::new(service.address);
    let mut accepted = BTreeMap::new();
    for n in 0..20 {
        let payload = json!({ "n": n });
        accepted.insert(api.submit(&payload).await.unwrap(), payload);
    }
    let _stalled = stalled_request(&service).await;

    let (_, outcome, took) = service.stop().await;
    let Err(RunError::Stop(report)) = outcome else { panic!("the server did not stop cleanly: {outcome:?}") };
    assert!(matches!(report.exit("http"), Some(Exit::TimedOut(_))), "{report}");
    assert!(matches!(report.exit("worker"), Some(Exit::Stopped)), "{report}");
    assert!(matches!(report.exit("db"), Some(Exit::Stopped)), "{report}");
    assert!(took >= http_timeout && took < http_timeout + MARGIN, "shutdown took {took:?}");
    assert_stored(&scratch.database(), &accepted);
}

/// With no timeout of its own, the same cleanup is cut off by the shutdown deadline: the run
/// returns within the deadline plus a margin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_run_returns_by_the_shutdown_deadline_whatever_a_cleanup_waits_for() {
    let scratch = Scratch::new("deadline");
    let deadline = Duration::from_secs(1);
    let config =
        Config { grace: Duration::from_secs(3600), http_timeout: None, shutdown_timeout: deadline, ..config(&scratch) };
    let service = start(config).await;
    let _stalled = stalled_request(&service).await;

    let (_, outcome, took) = service.stop().await;
    let Err(RunError::Stop(report)) = outcome else { panic!("the server did not stop cleanly: {outcome:?}") };
    assert!(matches!(report.exit("http"), Some(Exit::TimedOut(_))), "{report}");
    assert!(took >= deadline && took < deadline + MARGIN, "shutdown took {took:?}");
}

/// A measurement, not a check: jobs per second through HTTP into the database, on this machine.
/// `cargo test --release -p job-service --test service -- --ignored --nocapture throughput`
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement: run it in release"]
async fn throughput() {
    const CLIENTS: usize = 8;
    const JOBS: usize = 20_000;
    let scratch = Scratch::new("throughput");
    let service = start(Config { queue_capacity: 4096, ..config(&scratch) }).await;
    let handles = service.handles.clone();
    let api = Arc::new(Api::new(service.address));
    let started = Instant::now();
    let mut clients = tokio::task::JoinSet::new();
    for client in 0..CLIENTS {
        let api = api.clone();
        clients.spawn(async move {
            let (mut accepted, mut refused) = (0, 0);
            for n in 0..JOBS / CLIENTS {
                match api.submit(&json!({ "client": client, "n": n })).await {
                    Some(_) => accepted += 1,
                    None => refused += 1,
                }
            }
            (accepted, refused)
        });
    }
    let results = clients.join_all().await;
    let submitted = started.elapsed();
    let accepted: u64 = results.iter().map(|(accepted, _)| accepted).sum();
    let refused: u64 = results.iter().map(|(_, refused)| refused).sum();
    let worker = handles.worker.clone();
    wait_until("every accepted job is stored", || worker.written() == accepted).await;
    let stored = started.elapsed();
    let (_, outcome, took) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_eq!(rows(&scratch.database()).len() as u64, accepted);
    let per_second = |count: u64, time: Duration| count as f64 / time.as_secs_f64();
    println!(
        "{accepted} jobs accepted ({refused} refused) by {CLIENTS} clients in {submitted:.2?}: {:.0} jobs/s accepted, \
         {:.0} jobs/s stored (all stored after {stored:.2?}); shutdown {took:.2?}",
        per_second(accepted, submitted),
        per_second(accepted, stored),
    );
}
