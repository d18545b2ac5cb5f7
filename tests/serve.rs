//! Coordinating a running orchestrator through a `Client` (`Supervise::serve`), under tokio's
//! paused clock: what each kind of call sees (concurrency of `&self` calls, exclusive
//! `&mut self` calls, a restart, a backoff, the shutdown, a full queue, a caller that gives up,
//! a panic, an orchestrator that is gone), and the run dropped at every poll.
//!
//! The calls go through the trait `#[orchestrate(client)]` generates (`ShopCalls`).
#![cfg(feature = "tokio")]

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncOrchestrator, CallError, Client, Inbox, RunError, Supervision};
use tokio::sync::Semaphore;
use tokio::time::{Instant, sleep};

type Log = Arc<Mutex<Vec<String>>>;

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

fn note(log: &Log, what: impl Into<String>) {
    log.lock().unwrap().push(what.into());
}

const HOUR: Duration = Duration::from_secs(3600);

/// A component whose async work waits at a gate the test opens.
struct Shelf {
    name: &'static str,
    items: AtomicU32,
    log: Log,
    gate: Arc<Semaphore>,
    sick: Arc<AtomicBool>,
    /// `init` takes this long (paused clock).
    init_takes: Duration,
}

impl Shelf {
    fn new(name: &'static str, log: &Log) -> Self {
        Self {
            name,
            items: AtomicU32::new(0),
            log: log.clone(),
            gate: Arc::new(Semaphore::new(0)),
            sick: Arc::default(),
            init_takes: Duration::ZERO,
        }
    }
    fn count(&self) -> u32 {
        self.items.load(Ordering::SeqCst)
    }
    fn add(&self, n: u32) -> u32 {
        self.items.fetch_add(n, Ordering::SeqCst) + n
    }
    /// Waits for one pass of the gate, noting when it starts and ends.
    async fn wait(&self, what: String) -> u32 {
        note(&self.log, format!("{what} begins"));
        self.gate.acquire().await.unwrap().forget();
        note(&self.log, format!("{what} ends"));
        self.count()
    }
    fn boom(&self) -> u32 {
        panic!("the shelf gave way");
    }
}

impl AsyncComponent for Shelf {
    async fn init(&mut self) -> Result<(), ComponentError> {
        if !self.init_takes.is_zero() {
            sleep(self.init_takes).await;
        }
        self.sick.store(false, Ordering::SeqCst);
        note(&self.log, format!("init {}", self.name));
        Ok(())
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        note(&self.log, format!("cleanup {}", self.name));
        Ok(())
    }
    fn health(&self) -> Health {
        if self.sick.load(Ordering::SeqCst) { Health::Unhealthy("sick".into()) } else { Health::Healthy }
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Shop {
    #[component]
    shelf: Shelf,
    #[component(after(shelf))]
    till: Shelf,
    lifecycle: Lifecycle,
}

#[orchestrate(client)]
impl Shop {
    pub fn stock(&self) -> u32 {
        self.shelf.count()
    }
    pub fn add(&mut self, n: u32) -> u32 {
        self.shelf.add(n)
    }
    pub async fn audit(&self, tag: u32) -> u32 {
        self.shelf.wait(format!("audit {tag}")).await
    }
    pub async fn restock(&mut self, n: u32) -> u32 {
        let before = self.shelf.wait(format!("restock {n}")).await;
        self.shelf.add(n);
        before
    }
    pub fn boom(&self) -> u32 {
        self.shelf.boom()
    }
    pub fn state_now(&self) -> State {
        self.lifecycle.state()
    }
}

struct Fixture {
    shop: Shop,
    log: Log,
    gate: Arc<Semaphore>,
    sick: Arc<AtomicBool>,
}

fn fixture() -> Fixture {
    let log = Log::default();
    let shelf = Shelf::new("shelf", &log);
    let (gate, sick) = (shelf.gate.clone(), shelf.sick.clone());
    Fixture { shop: Shop::from_parts(shelf, Shelf::new("till", &log)), log, gate, sick }
}

/// Serves `shop` on a task until its client asks for the shutdown; returns the client, the
/// run's task and the status handle, once the shop is ready.
async fn serve(
    mut shop: Shop,
    capacity: usize,
    supervision: Supervision,
) -> (Client<Shop>, tokio::task::JoinHandle<Result<orchestrator::RunReport, RunError>>, orchestrator::StatusHandle) {
    let handle = shop.status_handle();
    let (client, inbox): (Client<Shop>, Inbox<Shop>) = Client::channel(capacity);
    let task = tokio::spawn(async move { shop.serve(inbox, std::future::pending(), &supervision).await });
    handle.ready().await.expect("the shop starts");
    (client, task, handle)
}

/// Lets every task run until all of them wait (the paused clock does not move).
async fn settle() {
    for _ in 0..20 {
        tokio::task::yield_now().await;
    }
}

#[tokio::test(start_paused = true)]
async fn calls_run_on_the_running_orchestrator() {
    let f = fixture();
    let (client, task, _) = serve(f.shop, 8, Supervision::new()).await;
    assert_eq!(client.add(3).await, Ok(3));
    assert_eq!(client.add(4).await, Ok(7));
    assert_eq!(client.stock().await, Ok(7));
    assert_eq!(client.state_now().await, Ok(State::Ready));
    client.shutdown();
    let report = task.await.unwrap().unwrap();
    assert!(report.is_clean());
    assert_eq!(entries(&f.log), ["init shelf", "init till", "cleanup till", "cleanup shelf"]);
}

#[tokio::test(start_paused = true)]
async fn shared_calls_run_concurrently_and_exclusive_ones_alone() {
    let f = fixture();
    let (client, task, _) = serve(f.shop, 8, Supervision::new()).await;
    // two audits (&self, async) are in flight together: both begin before either ends
    let a = tokio::spawn({
        let client = client.clone();
        async move { client.audit(1).await }
    });
    let b = tokio::spawn({
        let client = client.clone();
        async move { client.audit(2).await }
    });
    settle().await;
    assert_eq!(entries(&f.log)[2..], ["audit 1 begins", "audit 2 begins"]);
    // a sync &self call runs meanwhile
    assert_eq!(client.stock().await, Ok(0));
    // a restock (&mut self, async) waits until both audits are done, and nothing starts
    // while it runs
    let c = tokio::spawn({
        let client = client.clone();
        async move { client.restock(5).await }
    });
    settle().await;
    let d = tokio::spawn({
        let client = client.clone();
        async move { client.audit(3).await }
    });
    settle().await;
    assert_eq!(entries(&f.log).len(), 4, "the restock waits for the audits: {:?}", entries(&f.log));
    f.gate.add_permits(2);
    settle().await;
    assert_eq!(a.await.unwrap(), Ok(0));
    assert_eq!(b.await.unwrap(), Ok(0));
    assert_eq!(entries(&f.log)[6..], ["restock 5 begins"], "audit 3 waits for the restock");
    f.gate.add_permits(1);
    settle().await;
    assert_eq!(c.await.unwrap(), Ok(0));
    assert_eq!(entries(&f.log)[7..], ["restock 5 ends", "audit 3 begins"]);
    f.gate.add_permits(1);
    assert_eq!(d.await.unwrap(), Ok(5));
    client.shutdown();
    task.await.unwrap().unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_call_during_a_restart_waits_and_runs_after_it() {
    let mut f = fixture();
    f.shop.shelf.init_takes = Duration::from_secs(2);
    let supervision = Supervision::new().check_every(Duration::from_secs(1)).backoff(orchestrator::Backoff {
        base: Duration::from_secs(1),
        jitter: 0.0,
        ..orchestrator::Backoff::default()
    });
    let log = f.log.clone();
    let mut shop = f.shop;
    let handle = shop.status_handle();
    let (client, inbox) = Client::<Shop>::channel(8);
    let task = tokio::spawn(async move { shop.serve(inbox, std::future::pending(), &supervision).await });
    handle.ready().await.unwrap(); // at 2 s
    let start = Instant::now();
    f.sick.store(true, Ordering::SeqCst);
    // the check at 1 s from the start decides; the backoff waits 1 s (calls are served
    // meanwhile); the restart takes 2 s (calls wait)
    sleep(Duration::from_millis(1500)).await;
    assert!(handle.snapshot().backing_off);
    assert_eq!(client.state_now().await, Ok(State::Ready), "served during the backoff");
    sleep(Duration::from_millis(1000)).await; // the restart is under way
    assert!(handle.snapshot().restarting);
    let during = client.state_now().await;
    assert_eq!(during, Ok(State::Ready), "the call ran after the restart, on a ready orchestrator");
    assert_eq!(start.elapsed(), Duration::from_millis(4000), "it waited for the restart's end");
    assert!(entries(&log).contains(&"cleanup till".to_owned()));
    client.shutdown();
    assert_eq!(task.await.unwrap().unwrap().restarts, 1);
}

#[tokio::test(start_paused = true)]
async fn the_shutdown_finishes_running_calls_refuses_the_rest_and_cancels_past_its_deadline() {
    let f = fixture();
    let supervision = Supervision::new().drain(Duration::from_secs(1)).shutdown_timeout(Duration::from_secs(5));
    let (client, task, handle) = serve(f.shop, 8, supervision).await;
    // in flight when the shutdown begins: it finishes before any cleanup
    let running = tokio::spawn({
        let client = client.clone();
        async move { client.restock(1).await }
    });
    settle().await;
    // queued behind it
    let queued = tokio::spawn({
        let client = client.clone();
        async move { client.add(1).await }
    });
    settle().await;
    client.shutdown();
    settle().await;
    assert!(!handle.is_ready() && handle.snapshot().shutting_down);
    // the drain delay is still on: calls are accepted
    sleep(Duration::from_millis(500)).await;
    let in_drain = tokio::spawn({
        let client = client.clone();
        async move { client.add(2).await }
    });
    sleep(Duration::from_millis(600)).await; // the drain is over
    assert_eq!(queued.await.unwrap(), Err(CallError::ShuttingDown { orchestrator: "Shop" }));
    assert_eq!(in_drain.await.unwrap(), Err(CallError::ShuttingDown { orchestrator: "Shop" }));
    assert_eq!(client.add(3).await, Err(CallError::ShuttingDown { orchestrator: "Shop" }));
    assert!(!entries(&f.log).iter().any(|e| e.starts_with("cleanup")), "the running call goes first");
    f.gate.add_permits(1);
    assert_eq!(running.await.unwrap(), Ok(0));
    let report = task.await.unwrap().unwrap();
    assert!(report.is_clean());
    let log = entries(&f.log);
    let ended = log.iter().position(|e| e == "restock 1 ends").unwrap();
    let cleaned = log.iter().position(|e| e == "cleanup till").unwrap();
    assert!(ended < cleaned, "{log:?}");
    // the run is over: not running, at once
    assert_eq!(client.add(4).await, Err(CallError::NotRunning { orchestrator: "Shop" }));

    // a call that does not finish within the deadline is cancelled
    let g = fixture();
    let supervision = Supervision::new().shutdown_timeout(Duration::from_secs(5));
    let (client, task, _) = serve(g.shop, 8, supervision).await;
    let stuck = tokio::spawn({
        let client = client.clone();
        async move { client.restock(1).await }
    });
    settle().await;
    let begun = Instant::now();
    client.shutdown();
    assert_eq!(stuck.await.unwrap(), Err(CallError::Cancelled { orchestrator: "Shop", method: "restock" }));
    assert_eq!(begun.elapsed(), Duration::from_secs(5));
    assert!(task.await.unwrap().unwrap().is_clean(), "the cleanup ran after the cancelled call");
}

#[tokio::test(start_paused = true)]
async fn a_full_queue_applies_backpressure() {
    let f = fixture();
    let (client, task, _) = serve(f.shop, 2, Supervision::new()).await;
    let busy = tokio::spawn({
        let client = client.clone();
        async move { client.restock(1).await }
    });
    settle().await;
    // the restock runs; two calls fill the queue
    let queued: Vec<_> = (0..2)
        .map(|n| {
            let client = client.clone();
            tokio::spawn(async move { client.add(n).await })
        })
        .collect();
    settle().await;
    // a third waits for room; a no-wait client is refused at once
    let third = tokio::spawn({
        let client = client.clone();
        async move { client.add(10).await }
    });
    settle().await;
    assert!(!third.is_finished());
    assert_eq!(client.no_wait().add(20).await, Err(CallError::Full { orchestrator: "Shop" }));
    f.gate.add_permits(1);
    assert_eq!(busy.await.unwrap(), Ok(0));
    for call in queued {
        assert!(call.await.unwrap().is_ok());
    }
    assert_eq!(third.await.unwrap(), Ok(12));
    client.shutdown();
    task.await.unwrap().unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_call_whose_caller_gave_up_before_it_started_never_runs() {
    let f = fixture();
    let (client, task, _) = serve(f.shop, 8, Supervision::new()).await;
    let busy = tokio::spawn({
        let client = client.clone();
        async move { client.restock(1).await }
    });
    settle().await;
    // queued behind the restock, then given up by its caller
    let gave_up = tokio::time::timeout(Duration::from_secs(1), client.add(100)).await;
    assert!(gave_up.is_err());
    f.gate.add_permits(1);
    assert_eq!(busy.await.unwrap(), Ok(0));
    assert_eq!(client.stock().await, Ok(1), "the add of 100 never ran");
    client.shutdown();
    task.await.unwrap().unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_panicking_method_answers_an_error_and_the_run_goes_on() {
    let f = fixture();
    let (client, task, handle) = serve(f.shop, 8, Supervision::new()).await;
    let error = client.boom().await.unwrap_err();
    assert_eq!(
        error,
        CallError::Panicked { orchestrator: "Shop", method: "boom", message: "the shelf gave way".into() }
    );
    assert!(error.ran());
    assert_eq!(client.add(1).await, Ok(1));
    assert!(handle.is_ready());
    client.shutdown();
    assert!(task.await.unwrap().unwrap().is_clean());
}

#[tokio::test(start_paused = true)]
async fn a_client_whose_orchestrator_is_gone_gets_an_error_never_a_hang() {
    // never served: the inbox dropped
    let (client, inbox) = Client::<Shop>::channel(4);
    drop(inbox);
    assert_eq!(client.add(1).await, Err(CallError::NotRunning { orchestrator: "Shop" }));
    assert!(!client.is_running());

    // the task running it aborted, with a call running and one queued
    let f = fixture();
    let (client, task, handle) = serve(f.shop, 8, Supervision::new()).await;
    let running = tokio::spawn({
        let client = client.clone();
        async move { client.restock(1).await }
    });
    settle().await;
    let queued = tokio::spawn({
        let client = client.clone();
        async move { client.add(1).await }
    });
    settle().await;
    task.abort();
    let _ = task.await;
    assert_eq!(running.await.unwrap(), Err(CallError::Cancelled { orchestrator: "Shop", method: "restock" }));
    assert_eq!(queued.await.unwrap(), Err(CallError::NotRunning { orchestrator: "Shop" }));
    assert_eq!(client.add(2).await, Err(CallError::NotRunning { orchestrator: "Shop" }));
    assert!(handle.snapshot().gone.is_some());
    let stopped = tokio::time::timeout(HOUR, handle.stopped()).await.expect("stopped() sees it gone");
    assert!(stopped.gone.is_some());
}

#[tokio::test(start_paused = true)]
async fn a_client_restarts_and_stops_the_service() {
    let f = fixture();
    let (client, task, handle) = serve(f.shop, 8, Supervision::new()).await;
    assert!(matches!(client.restart("till").await, Ok(Ok(()))));
    assert!(matches!(client.restart("tills").await, Ok(Err(orchestrator::RestartError::UnknownComponent { .. }))));
    assert_eq!(handle.snapshot().components[1].restarts, 1);
    let waiting = tokio::spawn({
        let handle = handle.clone();
        async move { handle.stopped().await }
    });
    client.shutdown();
    let report = task.await.unwrap().unwrap();
    assert_eq!(report.restarts, 1);
    assert_eq!(waiting.await.unwrap().state, State::Stopped);
    assert_eq!(
        entries(&f.log),
        ["init shelf", "init till", "cleanup till", "init till", "cleanup till", "cleanup shelf"]
    );
}

#[tokio::test(start_paused = true)]
async fn ready_is_awaited_without_polling_and_says_when_a_start_fails() {
    struct Broken;
    impl AsyncComponent for Broken {
        async fn init(&mut self) -> Result<(), ComponentError> {
            sleep(Duration::from_secs(1)).await;
            Err("no disk".into())
        }
    }
    #[derive(Orchestrator)]
    #[orchestrator(async)]
    struct Fragile {
        #[component]
        broken: Broken,
        #[component]
        other: Broken,
        lifecycle: Lifecycle,
    }
    let mut fragile = Fragile::from_parts(Broken, Broken);
    let handle = fragile.status_handle();
    let waiter = tokio::spawn({
        let handle = handle.clone();
        async move { handle.ready().await }
    });
    let error = fragile.run(std::future::pending(), &Supervision::new()).await.unwrap_err();
    assert!(matches!(error, RunError::Start(_)));
    let refused = waiter.await.unwrap().unwrap_err();
    assert_eq!(refused.state, State::Failed);
}

// ---------------------------------------------------------------------------------------------
// The run dropped after every number of polls, with calls in flight and queued.

/// Drops its future after `polls` polls.
struct DropAfter<F> {
    future: Option<Pin<Box<F>>>,
    polls: usize,
}

impl<F: Future> Future for DropAfter<F> {
    type Output = Option<F::Output>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
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

/// For every number of polls: the run is dropped there while callers run on other tasks.
/// Every caller gets an answer (a result or an error, never a hang); `cleanup()` afterwards
/// releases everything; each component's init and cleanup alternate exactly.
#[tokio::test(start_paused = true)]
async fn the_run_dropped_after_every_number_of_polls_answers_every_caller() {
    let mut finished = false;
    for polls in 0..400 {
        let f = fixture();
        f.gate.add_permits(1000);
        let mut shop = f.shop;
        let (client, inbox) = Client::<Shop>::channel(2);
        let callers: Vec<_> = (0..4u32)
            .map(|n| {
                let client = client.clone();
                tokio::spawn(async move {
                    let mut answers = Vec::new();
                    for round in 0..3 {
                        let answer = match (n + round) % 4 {
                            0 => client.add(1).await.map(|_| ()),
                            1 => client.audit(n).await.map(|_| ()),
                            2 => client.restock(1).await.map(|_| ()),
                            _ => client.stock().await.map(|_| ()),
                        };
                        answers.push(answer);
                        sleep(Duration::from_millis(10)).await;
                    }
                    answers
                })
            })
            .collect();
        let stopper = {
            let client = client.clone();
            async move {
                sleep(Duration::from_millis(100)).await;
                client.shutdown();
            }
        };
        let supervision = Supervision::new().shutdown_timeout(Duration::from_secs(1));
        let run = DropAfter { future: Some(Box::pin(shop.serve(inbox, std::future::pending(), &supervision))), polls };
        let (outcome, ()) = tokio::join!(run, stopper);
        for caller in callers {
            let answers = tokio::time::timeout(HOUR, caller).await.expect("a caller hangs").unwrap();
            for answer in answers {
                if let Err(error) = answer {
                    assert!(
                        matches!(
                            error,
                            CallError::NotRunning { .. } | CallError::ShuttingDown { .. } | CallError::Cancelled { .. }
                        ),
                        "after {polls} polls: {error}"
                    );
                }
            }
        }
        shop.cleanup().await.unwrap();
        for name in ["shelf", "till"] {
            let steps: Vec<String> = entries(&f.log)
                .into_iter()
                .filter(|e| e == &format!("init {name}") || e == &format!("cleanup {name}"))
                .collect();
            for (i, step) in steps.iter().enumerate() {
                let expected = if i % 2 == 0 { "init" } else { "cleanup" };
                assert!(step.starts_with(expected), "{name} after {polls} polls: {steps:?}");
            }
            assert_eq!(steps.len() % 2, 0, "{name} left initialized after {polls} polls: {steps:?}");
        }
        if let Some(report) = outcome {
            assert!(report.unwrap().is_clean());
            finished = true;
            break;
        }
    }
    assert!(finished, "the run needs more polls than the sweep makes");
}

/// A caller's future dropped after every number of polls, for each kind of call, while the
/// orchestrator is busy (so the call waits in the queue) and while it is free: a call dropped
/// before its message was queued never runs; one dropped after never runs unless it had
/// started, and then it runs once to its end; the orchestrator serves the next calls either
/// way, and the queue's room is given back (a capacity of 1 would otherwise jam).
#[tokio::test(start_paused = true)]
async fn a_call_dropped_after_every_number_of_polls_runs_at_most_once_and_jams_nothing() {
    let f = fixture();
    let (client, task, _) = serve(f.shop, 1, Supervision::new()).await;
    let mut expected = 0;
    for busy in [false, true] {
        for polls in 0..6 {
            let before = client.stock().await.unwrap();
            let blocker = busy.then(|| {
                let client = client.clone();
                tokio::spawn(async move { client.restock(0).await })
            });
            settle().await;
            {
                // polled by hand (a waker that does nothing), the others running in between
                let mut call = Box::pin(client.add(1));
                for _ in 0..polls {
                    if let Poll::Ready(answer) = call.as_mut().poll(&mut Context::from_waker(std::task::Waker::noop()))
                    {
                        assert_eq!(answer.unwrap(), before + 1);
                        break;
                    }
                    settle().await;
                }
            }
            if let Some(blocker) = blocker {
                f.gate.add_permits(1);
                blocker.await.unwrap().unwrap();
            }
            settle().await;
            let after = client.stock().await.unwrap();
            // busy: queued behind the restock, then given up: it never runs; free: it ran once
            // as soon as it was sent (one poll)
            let ran = u32::from(!busy && polls > 0);
            assert_eq!(after, before + ran, "busy {busy}, {polls} polls");
            expected = after;
        }
    }
    assert_eq!(client.add(0).await, Ok(expected));
    client.shutdown();
    task.await.unwrap().unwrap();
}
