//! A job service as an async orchestrator of three components, run as a supervised service:
//!
//! - [`Database`]: an embedded SQLite file, locked and opened in `init`, closed in `cleanup`;
//! - [`Worker`]: a task fed by a queue that writes the jobs to the database; it starts with the
//!   database (`uses(db)`: its `init` and `cleanup` receive `&Database`);
//! - [`Http`]: an HTTP server, `POST /jobs`, the health probes and `/metrics`; it starts with
//!   the worker (`uses(worker)`), whose queue it submits to.
//!
//! Each component receives what it needs in `init`. The orchestrator starts them in that order
//! and stops them in the reverse one: the server stops taking jobs, then the worker writes the
//! queue into the database, which is still open, then the database closes.
//!
//! # What a `202` means
//!
//! A `202` with `{"id": N}` means the job is in the worker's queue in memory and will be stored
//! as row `N`, the exact bytes that were posted; `N` names that job for ever (ids are reserved
//! in the database before they are handed out, so a restart, even after a kill, never hands
//! the same id out again, and a second process on the same file refuses to start). The queue
//! belongs to the worker, not to its task, so it survives the task's death and the worker's
//! restart; the task stores the jobs it took from the queue in the same transaction that
//! removes them from the worker's pending list, and writes are keyed by the job's id, so a
//! batch written again after a task was cut off mid-write is stored once. What is queued when
//! the worker stops is written by its `cleanup`, which during the final shutdown retries a
//! failed write until the deadline.
//!
//! Every way an accepted job can still be lost:
//!
//! 1. the process is killed outright (SIGKILL, the OOM killer, a crash, a second Ctrl-C or
//!    SIGTERM): the queue in memory is gone (the second signal reports how many);
//! 2. the shutdown deadline passes while the database cannot be written (locked by another
//!    process, a full disk, a read-only file): what is still queued then is counted, logged and
//!    printed, and the exit code is 3;
//! 3. the machine loses power or the kernel crashes: SQLite runs with `synchronous = NORMAL` in
//!    WAL mode, so the last transactions before the crash may be rolled back;
//! 4. the database file is deleted or replaced after a job was stored in it (the job went with
//!    the file; jobs accepted but not stored yet are written into the new file).
//!
//! While the database cannot be written, new jobs get `503` at once, and readiness is off: the
//! memory the queue holds is bounded in jobs and in bytes ([`Config::queue_jobs`],
//! [`Config::queue_bytes`]), and a restart frees none of it.
//!
//! Run it with `cargo run -p job-service` (Ctrl-C stops it).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use orchestrator::prelude::*;
use orchestrator::{RestartPolicy, StatusHandle, Supervision};

mod db;
mod http;
mod worker;

pub use db::{Database, Db, Job, Locked, Written};
pub use http::{Http, HttpHandle, Intake, Limits as HttpLimits, Render};
pub use worker::{Limits as QueueLimits, Rejected, Submitter, Worker, WorkerHandle};

/// The error of the database's blocking calls.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The service's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite file.
    pub database: PathBuf,
    /// Where the HTTP API listens (port 0: any free port). Default: `127.0.0.1:0`.
    pub address: SocketAddr,
    /// Where the probes and `/metrics` also listen, apart from the API's clients. Default: none.
    pub admin_address: Option<SocketAddr>,
    /// Jobs accepted and not stored yet, at most; past that, `POST /jobs` answers `503`.
    /// Default: 65,536.
    pub queue_jobs: usize,
    /// Bytes those jobs hold (the payload and 64 bytes each), at most; past that, `503`.
    /// Default: 64 MiB.
    pub queue_bytes: usize,
    /// The largest job, in bytes; past that, `413`. Default: 1 MiB. Request bodies being read
    /// at once are bounded by `queue_bytes` too (their declared lengths, or `max_payload` each
    /// when undeclared): past that, `503` before the body is read.
    pub max_payload: usize,
    /// Jobs per transaction, at most. Default: 256.
    pub batch: usize,
    /// How long a write waits for another connection's lock on the file before it fails (the
    /// writer task then ends, and supervision restarts it). Default: 5 s.
    pub busy_timeout: Duration,
    /// How long a client may take to send a request's head, or stay idle on a kept-alive
    /// connection. Default: 10 s.
    pub header_timeout: Duration,
    /// How long a client may take to send a request's body. Default: 10 s.
    pub body_timeout: Duration,
    /// Connections the API serves at once; more wait in the listen backlog. Default: 10,000
    /// (the process needs as many file descriptors, and some).
    pub max_connections: usize,
    /// How long the HTTP server lets in-flight requests finish when it stops. Default: 5 s.
    pub grace: Duration,
    /// The bound of the HTTP server's `init` and `cleanup`, whatever they wait for (`None`: only
    /// the shutdown deadline). Default: the grace period plus 1 s.
    pub http_timeout: Option<Duration>,
    /// How often supervision checks the components' health. Default: 1 s.
    pub check_every: Duration,
    /// How long readiness is off, with the server still answering, before it closes: the time a
    /// load balancer takes to stop sending. Default: 3 s.
    pub drain: Duration,
    /// The deadline of the whole cleanup, after the drain. Default: 30 s.
    pub shutdown_timeout: Duration,
}

impl Config {
    /// The defaults, with the database in `database`.
    #[must_use]
    pub fn new(database: impl Into<PathBuf>) -> Self {
        let grace = Duration::from_secs(5);
        Config {
            database: database.into(),
            address: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            admin_address: None,
            queue_jobs: 1 << 16,
            queue_bytes: 64 << 20,
            max_payload: 1 << 20,
            batch: 256,
            busy_timeout: Duration::from_secs(5),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 10_000,
            grace,
            http_timeout: Some(grace + Duration::from_secs(1)),
            check_every: Duration::from_secs(1),
            drain: Duration::from_secs(3),
            shutdown_timeout: Duration::from_secs(30),
        }
    }

    /// The worker's own bound: what the shutdown deadline leaves after the HTTP server's, less a
    /// second for the database to close (`None` when that leaves nothing: only the deadline).
    #[must_use]
    pub fn worker_timeout(&self) -> Option<Duration> {
        let http = self.http_timeout.unwrap_or(Duration::ZERO);
        self.shutdown_timeout.checked_sub(http + Duration::from_secs(1)).filter(|left| !left.is_zero())
    }
}

/// The job service: the database, the worker that writes to it, the HTTP server that feeds the
/// worker.
#[derive(Orchestrator)]
#[orchestrator(async, from_config)]
pub struct JobService {
    #[orchestrator(config)]
    config: Config,
    #[component]
    db: Database,
    #[component(uses(db))]
    worker: Worker,
    #[component(uses(worker))]
    http: Http,
    lifecycle: Lifecycle,
}

impl FromConfig<Config> for Database {
    fn from_config(config: &Config) -> Self {
        Database::new(&config.database, config.busy_timeout)
    }
}

impl FromConfig<Config> for Worker {
    fn from_config(config: &Config) -> Self {
        Worker::new(QueueLimits { jobs: config.queue_jobs, bytes: config.queue_bytes, batch: config.batch })
    }
}

impl FromConfig<Config> for Http {
    fn from_config(config: &Config) -> Self {
        let limits = HttpLimits {
            grace: config.grace,
            header_timeout: config.header_timeout,
            body_timeout: config.body_timeout,
            max_connections: config.max_connections,
            max_payload: config.max_payload,
            bodies_in_flight: config.queue_bytes,
        };
        Http::new(config.address, config.admin_address, limits)
    }
}

/// What other tasks watch a running [`JobService`] through.
#[derive(Clone)]
pub struct Handles {
    /// The orchestrator's live status (what the probes show).
    pub status: StatusHandle,
    /// The HTTP server's addresses, connections and drain switch.
    pub http: HttpHandle,
    /// The worker's state, counts, and its kill switch.
    pub worker: WorkerHandle,
}

/// Builds the service from its config and binds its listening sockets (so a port in use fails
/// here, before the database file is touched), with the probes showing the orchestrator's
/// live status.
///
/// # Errors
/// An address that cannot be bound.
pub fn job_service(config: Config) -> std::io::Result<(JobService, Handles)> {
    job_service_with_metrics(config, None)
}

/// [`job_service`], with `GET /metrics` answered by `metrics`.
///
/// # Errors
/// An address that cannot be bound.
pub fn job_service_with_metrics(config: Config, metrics: Option<Render>) -> std::io::Result<(JobService, Handles)> {
    let (http_timeout, worker_timeout) = (config.http_timeout, config.worker_timeout());
    let mut service = JobService::from_config(config);
    service.http.bind()?;
    let status = service.status_handle();
    service.http.set_status(status.clone());
    service.worker.set_status(status.clone());
    if let Some(render) = metrics {
        service.http.set_metrics(render);
    }
    for (component, timeout) in [("http", http_timeout), ("worker", worker_timeout)] {
        service
            .set_timeout(component, timeout)
            .expect("`http` and `worker` are async components, and the tokio feature gives a timer");
    }
    let handles = Handles { status, http: service.http.handle(), worker: service.worker.handle() };
    Ok((service, handles))
}

/// How the service is supervised: health checked at the configured interval; at most 10
/// restarts a minute; each component restarted alone (the worker's queue and the database's handle survive a restart, and the
/// server keeps its port); the drain delay and the shutdown deadline from the config.
#[must_use]
pub fn supervision(config: &Config) -> Supervision {
    Supervision::new()
        .check_every(config.check_every)
        // a database that stays unreachable for about a minute (the backoff doubles from 100 ms)
        // is given up on; a shorter outage (a PostgreSQL restart) is ridden out
        .max_restarts(10, Duration::from_secs(60))
        .restart_policy(RestartPolicy::Component)
        .drain(config.drain)
        .shutdown_timeout(config.shutdown_timeout)
}

/// The shutdown future to give `run`: waits for `signal`, then turns readiness off and asks
/// clients to close their connections while the server still answers (the drain).
pub async fn shutdown(signal: impl Future<Output = ()>, handles: Handles) {
    signal.await;
    tracing::info!("shutdown: readiness off, draining");
    handles.http.drain();
}
