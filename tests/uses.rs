//! `#[component(uses(...))]`: a component's `init` and `cleanup` receive shared references to
//! the components it names, sync and async, with the order, restarts and the graph following
//! the same edges as `after(...)`.

use std::sync::{Arc, Mutex};

#[path = "../orchestrator-core/tests/async_support/executor.rs"]
mod executor;

use executor::block_on;
use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncOrchestrator, AsyncUses, Uses};

type Log = Arc<Mutex<Vec<String>>>;

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

/// A database: `init` opens it, giving it a generation number.
#[derive(Default)]
struct Database {
    open: Option<u32>,
    opened: u32,
    log: Log,
}

impl Component for Database {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.opened += 1;
        self.open = Some(self.opened);
        self.log.lock().unwrap().push(format!("open db #{}", self.opened));
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.log.lock().unwrap().push(format!("close db #{}", self.open.take().unwrap_or(0)));
        Ok(())
    }
}

/// A cache, needed by the server only.
#[derive(Default)]
struct Cache {
    entries: usize,
}
impl Component for Cache {}

/// A worker that starts against the database and drains into it when it stops.
#[derive(Default)]
struct Worker {
    started_with: Option<u32>,
    log: Log,
}

impl<'a> Uses<&'a Database> for Worker {
    fn init(&mut self, db: &'a Database) -> Result<(), ComponentError> {
        let generation = db.open.ok_or("the database is not open")?;
        self.started_with = Some(generation);
        self.log.lock().unwrap().push(format!("worker on db #{generation}"));
        Ok(())
    }
    fn cleanup(&mut self, db: &'a Database) -> Result<(), ComponentError> {
        let generation = db.open.ok_or("the database closed first")?;
        self.log.lock().unwrap().push(format!("worker drains into db #{generation}"));
        Ok(())
    }
    fn health(&self) -> Health {
        if self.started_with.is_some() { Health::Healthy } else { Health::Unhealthy("not started".into()) }
    }
}

/// A server that starts with the worker and the cache.
#[derive(Default)]
struct Server {
    ready: bool,
    log: Log,
}

impl<'a> Uses<(&'a Worker, &'a Cache)> for Server {
    fn init(&mut self, (worker, cache): (&'a Worker, &'a Cache)) -> Result<(), ComponentError> {
        self.ready = worker.started_with.is_some();
        self.log.lock().unwrap().push(format!("server up, worker ready: {}, cache: {}", self.ready, cache.entries));
        Ok(())
    }
}

#[derive(Orchestrator)]
struct Jobs {
    #[component(uses(worker, cache))]
    server: Server,
    #[component]
    cache: Cache,
    #[component(uses(db))]
    worker: Worker,
    #[component]
    db: Database,
    lifecycle: Lifecycle,
}

fn jobs() -> (Jobs, Log) {
    let log = Log::default();
    let jobs = Jobs::from_parts(
        Server { log: log.clone(), ..Server::default() },
        Cache::default(),
        Worker { log: log.clone(), ..Worker::default() },
        Database { log: log.clone(), ..Database::default() },
    );
    (jobs, log)
}

#[test]
fn init_and_cleanup_receive_the_components_named_in_uses() {
    let (mut jobs, log) = jobs();
    assert_eq!(Jobs::COMPONENTS, ["cache", "db", "worker", "server"], "uses orders like after");
    jobs.initialize().unwrap();
    assert!(jobs.status().is_healthy(), "{}", jobs.status());
    jobs.cleanup().unwrap();
    assert_eq!(
        entries(&log),
        [
            "open db #1",
            "worker on db #1",
            "server up, worker ready: true, cache: 0",
            "worker drains into db #1",
            "close db #1"
        ]
    );
    let dot = Graph::of::<Jobs>().to_dot();
    assert!(dot.contains("\"db\" -> \"worker\";") && dot.contains("\"worker\" -> \"server\";"), "{dot}");
}

#[test]
fn a_restart_of_a_dependency_starts_its_users_against_the_new_one() {
    let (mut jobs, log) = jobs();
    jobs.initialize().unwrap();
    log.lock().unwrap().clear();
    jobs.restart("db").unwrap();
    assert_eq!(
        entries(&log),
        [
            "worker drains into db #1",
            "close db #1",
            "open db #2",
            "worker on db #2",
            "server up, worker ready: true, cache: 0"
        ]
    );
}

// ---- async ----------------------------------------------------------------------------------

#[derive(Default)]
struct Pool {
    url: String,
}

impl AsyncComponent for Pool {
    async fn init(&mut self) -> Result<(), ComponentError> {
        self.url = "sqlite://jobs.db".into();
        Ok(())
    }
}

#[derive(Default)]
struct Feeder {
    target: Option<String>,
}

impl<'a> AsyncUses<&'a Pool> for Feeder {
    async fn init(&mut self, pool: &'a Pool) -> Result<(), ComponentError> {
        self.target = Some(pool.url.clone());
        Ok(())
    }
    async fn cleanup(&mut self, pool: &'a Pool) -> Result<(), ComponentError> {
        assert_eq!(Some(&pool.url), self.target.as_ref(), "the pool is still open");
        self.target = None;
        Ok(())
    }
}

/// A sync component with dependencies in an async orchestrator.
#[derive(Default)]
struct Audit {
    seen: Option<String>,
}

impl<'a> Uses<(&'a Pool, &'a Feeder)> for Audit {
    fn init(&mut self, (pool, feeder): (&'a Pool, &'a Feeder)) -> Result<(), ComponentError> {
        self.seen = Some(format!("{} via {:?}", pool.url, feeder.target));
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

#[test]
fn async_components_start_with_their_dependencies() {
    let mut pipeline = Pipeline::from_parts(Pool::default(), Feeder::default(), Audit::default());
    block_on(pipeline.initialize()).unwrap();
    assert_eq!(pipeline.feeder.target.as_deref(), Some("sqlite://jobs.db"));
    assert_eq!(pipeline.audit.seen.as_deref(), Some("sqlite://jobs.db via Some(\"sqlite://jobs.db\")"));
    block_on(pipeline.cleanup()).unwrap();
    assert_eq!(pipeline.feeder.target, None);
}
