//! A std-only executor for the async tests: polls a future on the current thread, parking it
//! between wake-ups, under a deadline so that no test hangs. Shared by the async tests of
//! orchestrator-core and of the facade (included with `#[path]`).

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `future` on this thread until it is done or `limit` has passed (`None`).
pub fn block_on_deadline<F: Future>(future: F, limit: Duration) -> Option<F::Output> {
    let deadline = Instant::now() + limit;
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return Some(output);
        }
        let now = Instant::now();
        if now >= deadline {
            return None;
        }
        thread::park_timeout(deadline - now);
    }
}

/// Polls `future` to completion on this thread; panics after 10 s, so no test hangs.
pub fn block_on<F: Future>(future: F) -> F::Output {
    block_on_deadline(future, Duration::from_secs(10)).expect("the future did not finish within 10 s")
}
