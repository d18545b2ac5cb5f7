//! Which async register hooks are being polled on this thread, right now.
//!
//! An async orchestrator's register hook gets `&mut self` and may call coordination methods
//! (allowed: every component is initialized then) or, by mistake, `initialize()` / `cleanup()`
//! (refused: a lifecycle call never re-enters itself). Both are told apart from the same calls
//! made after an `initialize()` future was dropped in the middle of its hook, by asking whether
//! the hook is being polled at this moment: a call made by the hook happens inside the hook's
//! poll, on the same thread. The engine wraps the hook's future in [`InHook`], which marks the
//! orchestrator's lifecycle (by address) for the duration of each poll.
//!
//! Up to [`DEPTH`] hooks can be marked at once on one thread (an orchestrator's hook polling
//! another orchestrator's `initialize()` whose hook ...); deeper ones are not marked, so their
//! coordination calls are refused as not ready, never wrongly let through.

use core::cell::Cell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

/// How many hooks can be marked at once on one thread.
const DEPTH: usize = 4;

thread_local! {
    static POLLING: Cell<[usize; DEPTH]> = const { Cell::new([0; DEPTH]) };
}

/// Whether the hook of the lifecycle at `key` is being polled on this thread.
pub(crate) fn is_polling(key: usize) -> bool {
    key != 0 && POLLING.with(|polling| polling.get().contains(&key))
}

/// Marks `key` until dropped (also when the poll unwinds).
struct Mark(Option<usize>);

impl Mark {
    fn new(key: usize) -> Self {
        POLLING.with(|polling| {
            let mut keys = polling.get();
            match keys.iter().position(|&k| k == 0) {
                Some(free) => {
                    keys[free] = key;
                    polling.set(keys);
                    Mark(Some(free))
                }
                None => Mark(None),
            }
        })
    }
}

impl Drop for Mark {
    fn drop(&mut self) {
        if let Some(slot) = self.0 {
            POLLING.with(|polling| {
                let mut keys = polling.get();
                keys[slot] = 0;
                polling.set(keys);
            });
        }
    }
}

/// The future of a register hook, marked as running while it is polled.
pub(crate) struct InHook<F> {
    key: usize,
    future: F,
}

impl<F> InHook<F> {
    pub(crate) fn new(key: usize, future: F) -> Self {
        Self { key, future }
    }
}

impl<F: Future + Unpin> Future for InHook<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _mark = Mark::new(self.key);
        Pin::new(&mut self.future).poll(cx)
    }
}
