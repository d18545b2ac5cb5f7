//! A running orchestrator reached through the code `#[orchestrate(client)]`,
//! `#[orchestrate(on_event)]` and `#[component(emits(..))]` generate, end to end under tokio's
//! paused clock: its coordination methods called from other tasks (sync and `async fn`, `&self`
//! and `&mut self`), a component's event handled by the orchestrator, and a component's `Fault`
//! restarting it at once, without waiting for a health check (the interval is an hour).
#![cfg(feature = "tokio")]
// generated code under the strictest lints (CI runs clippy on this file)
#![deny(clippy::pedantic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use orchestrator::prelude::*;
use orchestrator::{CallError, Client, Emits, Events, Fault, RunReport, Supervision};
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep};

/// How long each `async fn` coordination method takes.
const STEP: Duration = Duration::from_millis(10);
/// The health interval: no health check happens during a test.
const HOUR: Duration = Duration::from_hours(1);

#[derive(Debug, PartialEq)]
enum ShopError {
    NotReady,
    OutOfStock(String),
}

impl From<NotReady> for ShopError {
    fn from(_: NotReady) -> Self {
        ShopError::NotReady
    }
}

impl std::fmt::Display for ShopError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

/// A job the worker finished, raised as an event.
#[derive(Debug)]
struct JobDone(u64);

/// The shop's stock: sync steps, sync and async methods.
#[derive(Default)]
struct Stock {
    items: Vec<String>,
    sold: Vec<String>,
    restocks: u32,
    finished: Vec<u64>,
}

impl Component for Stock {}

impl Stock {
    fn sell(&mut self, item: String) -> Result<usize, ShopError> {
        let Some(at) = self.items.iter().position(|i| *i == item) else { return Err(ShopError::OutOfStock(item)) };
        self.sold.push(self.items.remove(at));
        Ok(self.sold.len())
    }

    fn sold(&self) -> Vec<String> {
        self.sold.clone()
    }

    async fn restock(&mut self, item: String) -> u32 {
        sleep(STEP).await;
        self.items.push(item);
        self.restocks += 1;
        self.restocks
    }

    async fn count(&self, item: String) -> usize {
        sleep(STEP).await;
        self.items.iter().filter(|i| **i == item).count()
    }

    fn finish(&mut self, job: &JobDone) {
        self.finished.push(job.0);
    }

    fn finished(&self) -> Vec<u64> {
        self.finished.clone()
    }
}

/// A component with a background task: it raises `JobDone` events and reports its own faults.
struct Worker {
    jobs: Events<JobDone>,
    faults: Events<Fault>,
    inits: Arc<AtomicU32>,
    /// Whether `init` starts a task that finishes one job (numbered by the init) and then dies.
    task: bool,
}

impl Component for Worker {
    fn init(&mut self) -> Result<(), ComponentError> {
        let init = self.inits.fetch_add(1, Ordering::SeqCst) + 1;
        if self.task {
            let (jobs, faults) = (self.jobs.clone(), self.faults.clone());
            tokio::spawn(async move {
                sleep(STEP).await;
                jobs.emit(JobDone(u64::from(init))).await.expect("the running shop receives the job");
                sleep(STEP).await;
                // the task dies, and says so
                faults.try_emit(Fault::new("the worker's task ended")).expect("the running shop takes the fault");
            });
        }
        Ok(())
    }
}

impl Emits<JobDone> for Worker {
    fn events(&self) -> &Events<JobDone> {
        &self.jobs
    }
}

impl Emits<Fault> for Worker {
    fn events(&self) -> &Events<Fault> {
        &self.faults
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Shop {
    #[component]
    stock: Stock,
    #[component(after(stock), emits(JobDone, Fault))]
    worker: Worker,
    lifecycle: Lifecycle,
}

#[orchestrate(client)]
impl Shop {
    /// Sync, `&mut self`.
    pub fn sell(&mut self, item: String) -> Result<usize, ShopError> {
        self.stock.sell(item)
    }

    /// Sync, `&self`.
    pub fn sold(&self) -> Vec<String> {
        self.stock.sold()
    }

    /// `async fn`, `&mut self`: runs alone.
    pub async fn restock(&mut self, item: String) -> u32 {
        self.stock.restock(item).await
    }

    /// `async fn`, `&self`: runs with the other `&self` calls.
    pub async fn count(&self, item: String) -> usize {
        self.stock.count(item).await
    }

    /// The jobs the handler saw.
    pub fn finished(&self) -> Vec<u64> {
        self.stock.finished()
    }

    #[orchestrate(on_event)]
    fn on_done(&mut self, job: JobDone) -> Result<(), ShopError> {
        self.stock.finish(&job);
        Ok(())
    }
}

/// What a test holds of a shop it serves on a task.
struct Served {
    client: Client<Shop>,
    jobs: Events<JobDone>,
    faults: Events<Fault>,
    inits: Arc<AtomicU32>,
    run: JoinHandle<Result<RunReport, orchestrator::RunError>>,
}

/// A shop served on a task (health checks every hour), and what drives it; `task`: its worker
/// starts a task that finishes one job and dies.
fn serve(task: bool) -> Served {
    let inits = Arc::new(AtomicU32::new(0));
    let worker = Worker { jobs: Events::new(), faults: Events::new(), inits: inits.clone(), task };
    let (jobs, faults) = (worker.jobs.clone(), worker.faults.clone());
    let mut shop = Shop::from_parts(Stock::default(), worker);
    let (client, inbox) = Client::channel(16);
    let run = tokio::spawn(async move {
        let supervision = Supervision::new().check_every(HOUR);
        shop.serve(inbox, std::future::pending(), &supervision).await
    });
    Served { client, jobs, faults, inits, run }
}

impl Served {
    /// Shuts the shop down and checks that its run ended cleanly.
    async fn stop(self) {
        self.client.shutdown();
        let report = self.run.await.expect("the run does not panic").expect("the run ends cleanly");
        assert!(report.is_clean(), "{report}");
        assert!(matches!(self.client.sold().await, Err(CallError::NotRunning { .. })));
    }
}

#[tokio::test(start_paused = true)]
async fn every_kind_of_coordination_method_is_called_from_other_tasks() {
    let served = serve(false);
    let client = &served.client;
    // an `async fn` taking `&mut self`, from another task; it waits for the start
    let restocked = tokio::spawn({
        let client = client.clone();
        async move { client.restock("apple".to_owned()).await }
    });
    assert_eq!(restocked.await.unwrap(), Ok(1));
    // sync methods, `&mut self` and `&self`, the method's own `Result` inside the call's
    let sold = tokio::spawn({
        let client = client.clone();
        async move { client.sell("apple".to_owned()).await }
    });
    assert_eq!(sold.await.unwrap(), Ok(Ok(1)));
    assert_eq!(client.sell("pear".to_owned()).await, Ok(Err(ShopError::OutOfStock("pear".to_owned()))));
    assert_eq!(client.sold().await, Ok(vec!["apple".to_owned()]));

    // `&mut self` calls run one after the other, `&self` calls together
    let start = Instant::now();
    let (a, b) = tokio::join!(client.restock("plum".to_owned()), client.restock("plum".to_owned()));
    assert_eq!((a, b), (Ok(2), Ok(3)));
    assert_eq!(start.elapsed(), 2 * STEP);
    let start = Instant::now();
    let counts: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.count("plum".to_owned()).await })
        })
        .collect();
    for count in counts {
        assert_eq!(count.await.unwrap(), Ok(2));
    }
    assert_eq!(start.elapsed(), STEP);
    served.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_component_event_reaches_its_handler() {
    let served = serve(false);
    // the first call returns once the shop runs, its events connected
    assert_eq!(served.client.finished().await, Ok(vec![]));
    served.jobs.emit(JobDone(7)).await.expect("the running shop receives it");
    served.jobs.try_emit(JobDone(8)).expect("there is room in the queue");
    // the queue is in order: the handler ran before this call
    assert_eq!(served.client.finished().await, Ok(vec![7, 8]));
    served.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_fault_restarts_its_component_at_once() {
    let served = serve(false);
    assert_eq!(served.client.restock("fig".to_owned()).await, Ok(1));
    assert_eq!(served.inits.load(Ordering::SeqCst), 1);
    let start = Instant::now();
    served.faults.try_emit(Fault::new("the worker's task ended")).expect("a running shop takes faults");
    // far less than the health interval: the backoff (100 ms, jitter 10%) and the restart
    sleep(Duration::from_secs(1)).await;
    assert_eq!(served.inits.load(Ordering::SeqCst), 2, "the worker was restarted");
    assert!(start.elapsed() < HOUR);
    // the stock, which the worker comes after, was not restarted: its state is intact
    assert_eq!(served.client.count("fig".to_owned()).await, Ok(1));
    served.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_components_task_raises_a_job_then_its_death() {
    let served = serve(true);
    let start = Instant::now();
    assert_eq!(served.client.finished().await, Ok(vec![]));
    // the first task finishes job 1 and dies; the worker is restarted at once (backoff 100 ms,
    // jitter 10%), its second task finishes job 2 and dies, and so on
    sleep(Duration::from_millis(150)).await;
    assert_eq!(served.client.finished().await, Ok(vec![1, 2]));
    assert_eq!(served.inits.load(Ordering::SeqCst), 2);
    assert!(start.elapsed() < HOUR);
    served.stop().await;
}
