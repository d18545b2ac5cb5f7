//! What a call through a `Client` costs, against the same work through a hand-written actor
//! (tokio's actor pattern: an mpsc queue of messages into a task that owns the orchestrator and
//! calls the same coordination method, and a oneshot reply per call), measured in the same
//! run, interleaved round by round on a current-thread runtime; and how `&self` calls scale
//! with concurrent callers.
//!
//!     cargo bench --features tokio --bench client
//!     ROUNDS=41 CALLS=20000 FAULTS=1000 cargo bench --features tokio --bench client
//!
//! Prints the median of the per-round ratios (client / actor), the goal being at most 1.2; and
//! the time from a component's failure to its restart when it reports it (`Fault`), against a
//! health check every millisecond, the goal being at most 100 µs plus the backoff.

use std::future::Future;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use orchestrator::async_prelude::*;
use orchestrator::{Backoff, Supervision};
use tokio::sync::{mpsc, oneshot};

/// The component the work is done by, the same in both.
#[derive(Default)]
struct Counter {
    total: AtomicU64,
}

impl Counter {
    fn add(&self, n: u64) -> u64 {
        self.total.fetch_add(n, Ordering::Relaxed) + n
    }
    fn get(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }
    async fn slow_get(&self) -> u64 {
        tokio::time::sleep(Duration::from_millis(1)).await;
        self.get()
    }
}

impl AsyncComponent for Counter {}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Service {
    #[component]
    counter: Counter,
    #[component]
    spare: Counter,
    lifecycle: Lifecycle,
}

#[orchestrate(client)]
impl Service {
    pub fn add(&mut self, n: u64) -> u64 {
        self.counter.add(n)
    }
    pub async fn slow_get(&self) -> u64 {
        self.counter.slow_get().await
    }
    pub async fn slow_get_alone(&mut self) -> u64 {
        self.counter.slow_get().await
    }
}

/// The hand-written actor: a task that owns the same orchestrator (initialized) and calls the
/// same coordination method for each message of its queue, answering on a oneshot.
enum Message {
    Add(u64, oneshot::Sender<u64>),
}

async fn actor(mut service: Service, mut inbox: mpsc::Receiver<Message>) {
    service.initialize().await.unwrap();
    while let Some(message) = inbox.recv().await {
        match message {
            Message::Add(n, reply) => {
                let _ = reply.send(service.add(n));
            }
        }
    }
    service.cleanup().await.unwrap();
}

async fn actor_add(sender: &mpsc::Sender<Message>, n: u64) -> u64 {
    let (reply, answer) = oneshot::channel();
    sender.send(Message::Add(n, reply)).await.unwrap();
    answer.await.unwrap()
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let rounds = env("ROUNDS", 21);
    let calls = env("CALLS", 10_000);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    runtime.block_on(async {
        let (client, inbox) = Client::<Service>::channel(1024);
        let mut service = Service::from_parts(Counter::default(), Counter::default());
        let handle = service.status_handle();
        let run = tokio::spawn(async move { service.serve(inbox, std::future::pending(), &Supervision::new()).await });
        handle.ready().await.unwrap();
        let (sender, receiver) = mpsc::channel(1024);
        let actor = tokio::spawn(actor(Service::from_parts(Counter::default(), Counter::default()), receiver));

        // one caller, calls one after another: the round trip
        let mut ratios = Vec::new();
        let (mut ours_ns, mut theirs_ns) = (Vec::new(), Vec::new());
        if std::env::var("SIZES").is_ok() {
            println!("client.add future: {} bytes; actor_add future: {} bytes", std::mem::size_of_val(&client.add(1)), std::mem::size_of_val(&actor_add(&sender, 1)));
        }
        // ONLY=client or ONLY=actor runs one side alone (for a profiler)
        let only = std::env::var("ONLY").unwrap_or_default();
        for _ in 0..rounds {
            let start = Instant::now();
            for n in 0..calls {
                if only != "actor" {
                    black_box(client.add(n as u64).await.unwrap());
                }
            }
            let ours = start.elapsed();
            let start = Instant::now();
            for n in 0..calls {
                if only != "client" {
                    black_box(actor_add(&sender, n as u64).await);
                }
            }
            let theirs = start.elapsed();
            ratios.push(ours.as_secs_f64() / theirs.as_secs_f64());
            ours_ns.push(ours.as_nanos() as f64 / calls as f64);
            theirs_ns.push(theirs.as_nanos() as f64 / calls as f64);
        }
        println!(
            "round trip, 1 caller: client {:.0} ns, hand-written actor {:.0} ns per call (medians); ratio client / actor: median {:.3} (min {:.3}, max {:.3}) over {rounds} rounds of {calls} calls",
            median(&mut ours_ns),
            median(&mut theirs_ns),
            median(&mut ratios.clone()),
            ratios.iter().copied().fold(f64::INFINITY, f64::min),
            ratios.iter().copied().fold(0.0, f64::max),
        );

        if !only.is_empty() {
            return;
        }
        // many callers at once: pipelined
        for callers in [4, 16] {
            let mut ratios = Vec::new();
            for _ in 0..rounds {
                let per = calls / callers;
                let start = Instant::now();
                let tasks: Vec<_> = (0..callers)
                    .map(|_| {
                        let client = client.clone();
                        tokio::spawn(async move {
                            for n in 0..per {
                                black_box(client.add(n as u64).await.unwrap());
                            }
                        })
                    })
                    .collect();
                for task in tasks {
                    task.await.unwrap();
                }
                let ours = start.elapsed();
                let start = Instant::now();
                let tasks: Vec<_> = (0..callers)
                    .map(|_| {
                        let sender = sender.clone();
                        tokio::spawn(async move {
                            for n in 0..per {
                                black_box(actor_add(&sender, n as u64).await);
                            }
                        })
                    })
                    .collect();
                for task in tasks {
                    task.await.unwrap();
                }
                let theirs = start.elapsed();
                ratios.push(ours.as_secs_f64() / theirs.as_secs_f64());
            }
            println!("{callers} callers at once: ratio client / actor: median {:.3}", median(&mut ratios));
        }

        // `&self` calls that wait 1 ms each, from k callers at once: shared calls overlap, so
        // the wall time stays near 1 ms whatever k; the same method taking `&mut self` runs
        // its calls one after another
        for k in [1, 4, 16, 64] {
            let shared = timed(k, |client| async move { client.slow_get().await.unwrap() }, &client).await;
            let alone = timed(k, |client| async move { client.slow_get_alone().await.unwrap() }, &client).await;
            println!(
                "{k:>2} callers of an async method that waits 1 ms: &self {:.1} ms ({:.0} calls/s), &mut self {:.1} ms ({:.0} calls/s)",
                shared.as_secs_f64() * 1e3,
                k as f64 / shared.as_secs_f64(),
                alone.as_secs_f64() * 1e3,
                k as f64 / alone.as_secs_f64(),
            );
        }
        client.shutdown();
        run.await.unwrap().unwrap();
        drop(sender);
        actor.await.unwrap();

        // a component's failure to its restart: reported as a `Fault` the moment it happens,
        // against noticed by a health check every millisecond (tokio's timer tick); no backoff
        let faults = env("FAULTS", 200);
        let (mut reported, mut polled) = (failure_latency(faults, true).await, failure_latency(faults / 4, false).await);
        println!(
            "failure to restart, no backoff: reported as a Fault {:.1} us (median), {:.1} us (p99); noticed by a health check every 1 ms {:.1} us (median), {:.1} us (p99); over {faults} and {} failures",
            median(&mut reported) * 1e6,
            percentile(&mut reported, 0.99) * 1e6,
            median(&mut polled) * 1e6,
            percentile(&mut polled, 0.99) * 1e6,
            faults / 4,
        );
    });
}

/// A worker whose failures are timed from the moment it fails to its next `init`.
struct Worker {
    faults: Events<Fault>,
    sick: Arc<AtomicBool>,
    failed_at: Arc<Mutex<Option<Instant>>>,
    latencies: Arc<Mutex<Vec<f64>>>,
    restarted: Arc<tokio::sync::Notify>,
}

impl AsyncComponent for Worker {
    async fn init(&mut self) -> Result<(), ComponentError> {
        if let Some(at) = self.failed_at.lock().unwrap().take() {
            self.latencies.lock().unwrap().push(at.elapsed().as_secs_f64());
            self.sick.store(false, Ordering::SeqCst);
            self.restarted.notify_one();
        }
        Ok(())
    }
    fn health(&self) -> Health {
        if self.sick.load(Ordering::SeqCst) { Health::Unhealthy("died".into()) } else { Health::Healthy }
    }
}

impl Emits<Fault> for Worker {
    fn events(&self) -> &Events<Fault> {
        &self.faults
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Faulty {
    #[component(emits(Fault))]
    worker: Worker,
    #[component]
    counter: Counter,
    lifecycle: Lifecycle,
}

/// `count` failures of the worker, each timed to its restart: reported (`Fault`) or left to a
/// health check every millisecond.
async fn failure_latency(count: usize, report: bool) -> Vec<f64> {
    let worker = Worker {
        faults: Events::new(),
        sick: Arc::default(),
        failed_at: Arc::default(),
        latencies: Arc::default(),
        restarted: Arc::default(),
    };
    let (faults, sick, failed_at, latencies, restarted) = (
        worker.faults.clone(),
        worker.sick.clone(),
        worker.failed_at.clone(),
        worker.latencies.clone(),
        worker.restarted.clone(),
    );
    let mut faulty = Faulty::from_parts(worker, Counter::default());
    let handle = faulty.status_handle();
    let interval = if report { Duration::from_secs(3600) } else { Duration::from_millis(1) };
    let supervision = Supervision::new()
        .check_every(interval)
        .backoff(Backoff { base: Duration::ZERO, jitter: 0.0, ..Backoff::default() })
        .max_restarts(u32::MAX, Duration::from_nanos(1));
    let (client, inbox) = Client::<Faulty>::channel(16);
    let run = tokio::spawn(async move { faulty.serve(inbox, std::future::pending(), &supervision).await });
    handle.ready().await.unwrap();
    for _ in 0..count {
        let restarted = restarted.notified();
        *failed_at.lock().unwrap() = Some(Instant::now());
        sick.store(true, Ordering::SeqCst);
        if report {
            faults.try_emit(Fault::new("died")).unwrap();
        }
        restarted.await;
        handle.ready().await.unwrap();
    }
    client.shutdown();
    run.await.unwrap().unwrap();
    latencies.lock().unwrap().clone()
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let at = ((values.len() as f64 - 1.0) * p).round() as usize;
    values[at.min(values.len() - 1)]
}

async fn timed<F, Fut>(callers: usize, call: F, client: &Client<Service>) -> Duration
where
    F: Fn(Client<Service>) -> Fut,
    Fut: Future<Output = u64> + Send + 'static,
{
    let start = Instant::now();
    let tasks: Vec<_> = (0..callers).map(|_| tokio::spawn(call(client.clone()))).collect();
    for task in tasks {
        black_box(task.await.unwrap());
    }
    start.elapsed()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
