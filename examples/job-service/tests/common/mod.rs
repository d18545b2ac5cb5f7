//! What the job service's tests share: a scratch directory with the database, a supervised
//! run in a task, an HTTP client, and reading the rows back through a connection of their own.
//!
//! Time bounds are generous (seconds beyond what a step needs) and every wait is bounded, so a
//! slow machine makes a test slower, not wrong.
#![allow(dead_code, reason = "each test file uses a part")]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use job_service::{Config, Handles, JobService, job_service, shutdown, supervision};
use orchestrator::prelude::*;
use orchestrator::{RunError, RunReport, Supervision};
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Long enough for any step of these tests on a loaded machine.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// How far past a deadline a shutdown may return here: generous, so that a loaded machine does
/// not fail a test, and still far below what the shutdown would take without the deadline (an
/// hour, or forever). The exact bound is proved under tokio's paused clock in the facade's
/// `tests/deadlines.rs` and `tests/supervision.rs`.
pub const MARGIN: Duration = Duration::from_secs(10);

/// A directory for one test's database, removed at the end.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(test: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("job-service-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn database(&self) -> PathBuf {
        self.0.join("jobs.db")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub type Outcome = (JobService, Result<RunReport, RunError>);

/// A supervised run of the service in a task of its own.
pub struct Running {
    pub handles: Handles,
    pub address: SocketAddr,
    pub shutdown: oneshot::Sender<()>,
    pub run: JoinHandle<Outcome>,
}

/// Starts the service, and waits until it listens and reports ready.
pub async fn start(config: Config) -> Running {
    start_with(config.clone(), supervision(&config)).await
}

/// Starts the service under `supervision`, and waits until it listens and is ready.
pub async fn start_with(config: Config, supervision: Supervision) -> Running {
    let running = launch(config, supervision).await;
    let handles = running.handles.clone();
    wait_until("the service is ready", || handles.status.is_ready() && handles.worker.is_writable()).await;
    running
}

/// Starts the service under `supervision` and waits until it listens (not until it is ready).
pub async fn launch(config: Config, supervision: Supervision) -> Running {
    let job_service::Built { mut service, handles, inbox } = job_service(config).unwrap();
    let (shutdown_tx, stop) = oneshot::channel::<()>();
    let signal = async {
        let _ = stop.await;
    };
    let shutdown = shutdown(signal, handles.clone());
    let run = tokio::spawn(async move {
        let outcome = service.serve(inbox, shutdown, &supervision).await;
        (service, outcome)
    });
    let address = tokio::time::timeout(PATIENCE, handles.http.local_addr()).await.unwrap().unwrap();
    Running { handles, address, shutdown: shutdown_tx, run }
}

impl Running {
    /// Asks for shutdown and waits for the run to return (bounded), with how long it took.
    pub async fn stop(self) -> (JobService, Result<RunReport, RunError>, Duration) {
        let asked = Instant::now();
        self.shutdown.send(()).unwrap();
        let (service, outcome) = tokio::time::timeout(PATIENCE, self.run).await.expect("the run hangs").unwrap();
        (service, outcome, asked.elapsed())
    }
}

/// Waits, bounded, until `condition` holds.
pub async fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !condition() {
        assert!(Instant::now() < deadline, "waited {PATIENCE:?} for: {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// A config for tests: the database in `scratch`, quick health checks, no drain delay.
pub fn config(scratch: &Scratch) -> Config {
    Config { check_every: Duration::from_millis(50), drain: Duration::ZERO, ..Config::new(scratch.database()) }
}

/// An HTTP/1.1 client with a connection pool.
#[derive(Clone)]
pub struct Api {
    pub client: Client<HttpConnector, Full<Bytes>>,
    pub address: SocketAddr,
}

impl Api {
    pub fn new(address: SocketAddr) -> Self {
        Api { client: Client::builder(TokioExecutor::new()).build_http(), address }
    }

    /// A request with this content type and body; the status and the body as text.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: impl Into<Bytes>,
    ) -> (StatusCode, String) {
        let request = Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.address))
            .header("content-type", content_type)
            .body(Full::new(body.into()))
            .unwrap();
        let response = tokio::time::timeout(PATIENCE, self.client.request(request)).await.unwrap().unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<&Value>) -> (StatusCode, Value) {
        let body = body.map(Value::to_string).unwrap_or_default();
        let (status, text) = self.raw(method, path, "application/json", body).await;
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Submits a job: its id if accepted (`202`), `None` if refused with `503`.
    pub async fn submit(&self, payload: &Value) -> Option<i64> {
        match self.call(Method::POST, "/jobs", Some(payload)).await {
            (StatusCode::ACCEPTED, body) => Some(body["id"].as_i64().unwrap()),
            (StatusCode::SERVICE_UNAVAILABLE, body) => {
                assert!(body["error"].is_string(), "{body}");
                None
            }
            (status, body) => panic!("POST /jobs answered {status}: {body}"),
        }
    }

    pub async fn health(&self) -> (StatusCode, Value) {
        self.call(Method::GET, "/health", None).await
    }

    /// The status code of `GET path`.
    pub async fn probe(&self, path: &str) -> StatusCode {
        self.raw(Method::GET, path, "text/plain", "").await.0
    }
}

/// The rows of the database file, by id, read through a connection of its own.
pub fn rows(database: &Path) -> BTreeMap<i64, String> {
    let connection = rusqlite::Connection::open(database).unwrap();
    let mut select = connection.prepare("SELECT id, payload FROM jobs").unwrap();
    let rows = select.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap();
    rows.map(Result::unwrap).collect()
}

/// Every accepted job is a row with its payload, and there is no other row.
pub fn assert_stored(database: &Path, accepted: &BTreeMap<i64, Value>) {
    let rows = rows(database);
    let ids: Vec<_> = rows.keys().collect();
    assert_eq!(ids, accepted.keys().collect::<Vec<_>>(), "the rows are exactly the accepted jobs");
    for (id, payload) in accepted {
        assert_eq!(serde_json::from_str::<Value>(&rows[id]).unwrap(), *payload, "job {id}");
    }
}

pub fn component_restarts(handles: &Handles, name: &str) -> u32 {
    handles.status.snapshot().components.iter().find(|c| c.name == name).unwrap().restarts
}

/// A connection that holds the database's write lock until dropped or released.
pub struct Blocker(rusqlite::Connection);

impl Blocker {
    pub fn new(database: &Path) -> Self {
        let connection = rusqlite::Connection::open(database).unwrap();
        connection.execute_batch("BEGIN IMMEDIATE").unwrap();
        Blocker(connection)
    }

    pub fn release(self) {
        self.0.execute_batch("ROLLBACK").unwrap();
    }
}

#[cfg(feature = "postgres")]
pub mod pg;
