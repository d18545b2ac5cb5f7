//! Readiness stays off from the moment supervision decides to restart until the restart is
//! done, seen at every event the run traces (the restart's decision among them), which happen
//! inside a poll of the run. Alone in its test binary: a tracing subscriber set for one test
//! does not reliably see the callsites other tests' threads registered before it existed.
#![cfg(all(feature = "tokio", feature = "tracing"))]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use orchestrator::async_prelude::*;
use orchestrator::{Backoff, Supervision};
use tokio::time::sleep;

/// Healthy unless `sick`; its `init` after the first takes `restart_takes`.
struct Part {
    sick: Arc<AtomicBool>,
    inits: u32,
    restart_takes: Duration,
}

impl AsyncComponent for Part {
    async fn init(&mut self) -> Result<(), ComponentError> {
        self.inits += 1;
        if self.inits > 1 {
            sleep(self.restart_takes).await;
        }
        Ok(())
    }
    fn health(&self) -> Health {
        if self.sick.load(Ordering::SeqCst) { Health::Unhealthy("sick".into()) } else { Health::Healthy }
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Pair {
    #[component]
    db: Part,
    #[component(after(db))]
    worker: Part,
    lifecycle: Lifecycle,
}

/// Readiness stays off from the moment supervision decides to restart until the restart is
/// done: every moment the run yields in between (the backoff's timer, the restart's steps),
/// and every event it traces (the restart's decision among them), sees it off.
#[tokio::test(start_paused = true)]
async fn readiness_stays_off_from_the_restart_decision_to_its_end() {
    let part = |restart_takes| Part { sick: Arc::default(), inits: 0, restart_takes };
    let (db, worker) = (part(Duration::ZERO), part(Duration::from_secs(2)));
    let sick = worker.sick.clone();
    let mut pair = Pair::from_parts(db, worker);
    let handle = pair.status_handle();
    let supervision = Supervision::new().check_every(Duration::from_secs(1)).backoff(Backoff {
        base: Duration::from_secs(3),
        jitter: 0.0,
        ..Backoff::default()
    });
    let seen = readiness_at_events::watch(handle.clone());
    let shutdown = {
        let handle = handle.clone();
        async move {
            // up and ready, then sick: the check at 1 s decides, 3 s of backoff, 2 s of init
            while !handle.is_ready() {
                sleep(Duration::from_millis(100)).await;
            }
            sick.store(true, Ordering::SeqCst);
            sleep(Duration::from_millis(1500)).await; // the decision was at 1 s
            let mut off = Vec::new();
            for _ in 0..9 {
                off.push(handle.is_ready());
                sleep(Duration::from_millis(500)).await; // until 6 s
            }
            sick.store(false, Ordering::SeqCst);
            assert_eq!(off, [false; 9], "ready during the backoff or the restart");
            // the restart ended at 6 s: ready again
            sleep(Duration::from_millis(600)).await;
            assert!(handle.is_ready(), "{:?}", handle.snapshot());
        }
    };
    let report = readiness_at_events::scoped(pair.run(shutdown, &supervision)).await.unwrap();
    assert_eq!(report.restarts, 1);
    let seen = seen.lock().unwrap().clone();
    let restart = seen
        .iter()
        .find(|(message, _)| message.contains("restarting"))
        .unwrap_or_else(|| panic!("the decision is traced: {seen:?}"));
    assert!(!restart.1, "ready when the restart was decided: {seen:?}");
}

/// A subscriber that records readiness at every event of the orchestrator.
mod readiness_at_events {
    use std::future::Future;
    use std::sync::{Arc, Mutex};

    use orchestrator::StatusHandle;
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    pub type Seen = Arc<Mutex<Vec<(String, bool)>>>;

    struct Watch {
        handle: StatusHandle,
        seen: Seen,
    }

    struct Message(String);
    impl Visit for Message {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            if field.name() == "message" {
                self.0 = format!("{value:?}");
            }
        }
    }

    impl Subscriber for Watch {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &Attributes<'_>) -> Id {
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut message = Message(String::new());
            event.record(&mut message);
            self.seen.lock().unwrap().push((message.0, self.handle.is_ready()));
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }

    thread_local! {
        static CURRENT: std::cell::RefCell<Option<(StatusHandle, Seen)>> = const { std::cell::RefCell::new(None) };
    }

    pub fn watch(handle: StatusHandle) -> Seen {
        let seen = Seen::default();
        CURRENT.with(|current| *current.borrow_mut() = Some((handle, seen.clone())));
        seen
    }

    /// Runs `future` with the subscriber set for each of its polls (the test's runtime is
    /// current-thread, so the future is polled on this thread).
    pub async fn scoped<F: Future>(future: F) -> F::Output {
        let (handle, seen) = CURRENT.with(|current| current.borrow_mut().take()).expect("watch first");
        let dispatch = tracing::Dispatch::new(Watch { handle, seen });
        let mut future = std::pin::pin!(future);
        std::future::poll_fn(|cx| tracing::dispatcher::with_default(&dispatch, || future.as_mut().poll(cx))).await
    }
}
