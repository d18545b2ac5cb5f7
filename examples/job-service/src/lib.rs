//! A job service as an async orchestrator of three components, run as a supervised service:
//!
//! - [`Database`]: an embedded SQLite file, opened in `init`, closed in `cleanup`;
//! - [`Worker`]: a task fed by a bounded channel that writes the jobs to the database; it starts
//!   with the database (`uses(db)`: its `init` and `cleanup` receive `&Database`);
//! - [`Http`]: an HTTP server, `POST /jobs` and `GET /health`; it starts with the worker
//!   (`uses(worker)`), whose queue it submits to.
//!
//! Each component receives what it needs in `init`: no field waits for a value set in a
//! register hook, and no handler checks whether something was started. The orchestrator starts
//! them in that order and stops them in the reverse one: the server stops taking jobs, then the
//! worker writes the queue into the database, which is still open, then the database closes.
//!
//! No accepted job is lost: a `202` means the job is in the queue; the queue belongs to the
//! worker, not to its task, so it survives the task's death and the worker's restart (the
//! server's sender stays valid); the task stores the jobs it took from the queue in the same
//! transaction that removes them from the worker's pending list, and writes are keyed by the
//! job's id (`INSERT OR IGNORE`), so a batch written again after a task was cut off mid-write is
//! stored once. What is queued when the worker stops is written by its `cleanup`.
//!
//! What that does not cover: a `202` means queued in memory, so a process that is killed
//! outright (SIGKILL, a crash) loses its queue, and so does a shutdown whose deadline passes
//! before the worker's `cleanup` has written it (the run's report then says `TimedOut`).
//! The HTTP server's own timeout (`Config::http_timeout`) keeps a stalled client from using up
//! that deadline.
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

pub use db::{Database, Db, Job};
pub use http::{Http, HttpHandle};
pub use worker::{Rejected, Submitter, Worker, WorkerHandle};

/// The error of the database's blocking calls.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The service's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite file.
    pub database: PathBuf,
    /// Where the HTTP server listens (port 0: any free port). Default: `127.0.0.1:0`.
    pub address: SocketAddr,
    /// Jobs the queue holds; past that, `POST /jobs` answers `503`. Default: 1024.
    pub queue_capacity: usize,
    /// Jobs per transaction, at most. Default: 256.
    pub batch: usize,
    /// How long a write waits for another connection's lock on the file before it fails (the
    /// writer task then ends, and supervision restarts it). Default: 5 s.
    pub busy_timeout: Duration,
    /// How long the HTTP server lets in-flight requests finish when it stops. Default: 5 s.
    pub grace: Duration,
    /// The bound of the HTTP server's `init` and `cleanup`, whatever they wait for (`None`: only
    /// the shutdown deadline). Default: the grace period plus 1 s, which leaves the rest of the
    /// shutdown deadline to the worker's drain.
    pub http_timeout: Option<Duration>,
    /// How often supervision checks the components' health. Default: 1 s.
    pub check_every: Duration,
    /// The deadline of the whole shutdown. Default: 30 s.
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
            queue_capacity: 1024,
            batch: 256,
            busy_timeout: Duration::from_secs(5),
            grace,
            http_timeout: Some(grace + Duration::from_secs(1)),
            check_every: Duration::from_secs(1),
            shutdown_timeout: Duration::from_secs(30),
        }
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
        Worker::new(config.queue_capacity, config.batch)
    }
}

impl FromConfig<Config> for Http {
    fn from_config(config: &Config) -> Self {
        Http::new(config.address, config.grace)
    }
}

/// What other tasks watch a running [`JobService`] through.
#[derive(Clone)]
pub struct Handles {
    /// The orchestrator's live status (what `/health` shows).
    pub status: StatusHandle,
    /// The HTTP server's address and connections.
    pub http: HttpHandle,
    /// The worker's state, rows written, and its kill switch.
    pub worker: WorkerHandle,
}

/// Builds the service from its config, with `/health` showing the orchestrator's live status.
#[must_use]
pub fn job_service(config: Config) -> (JobService, Handles) {
    let http_timeout = config.http_timeout;
    let mut service = JobService::from_config(config);
    let status = service.status_handle();
    service.http.set_status(status.clone());
    service
        .set_timeout("http", http_timeout)
        .expect("`http` is an async component, and the tokio feature gives a timer");
    let handles = Handles { status, http: service.http.handle(), worker: service.worker.handle() };
    (service, handles)
}

/// How the service is supervised: health checked at the configured interval; a worker whose
/// task died restarted alone (its queue, and so the server's sender, survive); any other
/// component restarted with the components that use it; the shutdown deadline from the config.
#[must_use]
pub fn supervision(config: &Config) -> Supervision {
    Supervision::new()
        .check_every(config.check_every)
        .restart_policy_of("worker", RestartPolicy::Component)
        .shutdown_timeout(config.shutdown_timeout)
}
