//! A runtime-agnostic join of boxed futures that catches each future's panics.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use super::component::BoxFuture;
use crate::ComponentError;

/// What one joined future came to: its result (a caught panic becomes a
/// [`ComponentError`] with `is_panic()`) and when it finished.
pub(crate) type Outcome = (Result<(), ComponentError>, Instant);

/// Runs `step` to build a future, turning a panic while building it into a ready error: an
/// `AsyncComponent` may do work (and panic) before it returns its future.
pub(crate) fn guarded<'a>(
    step: impl FnOnce() -> BoxFuture<'a, Result<(), ComponentError>>,
) -> BoxFuture<'a, Result<(), ComponentError>> {
    catch_unwind(AssertUnwindSafe(step)).unwrap_or_else(|payload| {
        let error = ComponentError::from_panic(&*payload);
        Box::pin(core::future::ready(Err(error)))
    })
}

/// Polls every future, in order, each time it is woken, until all are done; returns their
/// outcomes in the order given. A panicking future is dropped and stands as its panic's error;
/// the others go on. No runtime is needed: it only uses the waker it is polled with.
pub(crate) fn join_all(futures: Vec<BoxFuture<'_, Result<(), ComponentError>>>) -> JoinAll<'_> {
    let outcomes = futures.iter().map(|_| None).collect();
    JoinAll { futures: futures.into_iter().map(Some).collect(), outcomes }
}

/// The future of [`join_all`].
pub(crate) struct JoinAll<'a> {
    futures: Vec<Option<BoxFuture<'a, Result<(), ComponentError>>>>,
    outcomes: Vec<Option<Outcome>>,
}

impl Future for JoinAll<'_> {
    type Output = Vec<Outcome>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let mut pending = false;
        for (slot, outcome) in this.futures.iter_mut().zip(&mut this.outcomes) {
            let Some(future) = slot else { continue };
            let result = match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
                Ok(Poll::Pending) => {
                    pending = true;
                    continue;
                }
                Ok(Poll::Ready(result)) => result,
                Err(payload) => Err(ComponentError::from_panic(&*payload)),
            };
            *outcome = Some((result, Instant::now()));
            // Dropping a future that panicked may panic again: that one is already reported.
            let done = slot.take();
            let _ = catch_unwind(AssertUnwindSafe(move || drop(done)));
        }
        if pending {
            return Poll::Pending;
        }
        let outcomes = core::mem::take(&mut this.outcomes);
        Poll::Ready(outcomes.into_iter().map(|o| o.unwrap_or_else(|| (Ok(()), Instant::now()))).collect())
    }
}
