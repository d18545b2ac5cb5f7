//! One dependency level of the async lifecycle: the `init` (or `cleanup`) futures of its
//! components, polled together by a runtime-agnostic join that records each component's
//! outcome in the [`Lifecycle`] the moment its future completes, catches each future's panics
//! (and the panics of dropping it), and stops at the call's deadline.
//!
//! Recording inside the poll is what makes the lifecycle correct under cancellation: when the
//! caller drops the `initialize()` / `cleanup()` future at any `.await`, every step that has
//! finished is already written down, and every step still running was never recorded as done.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use super::component::BoxFuture;
use super::timeout::Deadline;
pub(crate) use crate::panic::drop_caught;
use crate::panic::panic_error;
use crate::step::{self, Names};
use crate::{ComponentError, Failure, Lifecycle, Phase};

type StepFuture<'a> = BoxFuture<'a, Result<(), ComponentError>>;

/// The steps of one level, running.
pub(crate) struct Level<'l, 'a, 'd> {
    names: Names,
    phase: Phase,
    /// Whether the step events are traced: a `cleanup` is timed only for them.
    traced: bool,
    lifecycle: &'l mut Lifecycle,
    /// `(component index, its step while it runs)`, in initialization order.
    steps: Vec<(usize, Option<StepFuture<'a>>)>,
    start: Instant,
    deadline: &'d mut Deadline,
    /// `(component index, failure)`, in the order they finished.
    failures: Vec<(usize, Failure)>,
}

impl<'l, 'a, 'd> Level<'l, 'a, 'd> {
    /// The level's steps; `steps` holds each component's index and its step's future, in
    /// initialization order. Each component is marked `Starting` (init) or `Stopping`
    /// (cleanup) until its step finishes.
    pub(crate) fn new(
        names: Names,
        phase: Phase,
        lifecycle: &'l mut Lifecycle,
        steps: Vec<(usize, StepFuture<'a>)>,
        deadline: &'d mut Deadline,
        traced: bool,
    ) -> Self {
        let running = if phase == Phase::Cleanup { crate::State::Stopping } else { crate::State::Starting };
        for (index, _) in &steps {
            lifecycle.slot_mut(*index).state = running;
        }
        let steps = steps.into_iter().map(|(index, future)| (index, Some(future))).collect();
        Self { names, phase, traced, lifecycle, steps, start: Instant::now(), deadline, failures: Vec::new() }
    }

    /// Records the outcome of component `index`'s step.
    fn record(&mut self, index: usize, result: Result<(), ComponentError>) {
        // an init time is shown in the status; a cleanup's only in its trace event
        let timed = self.phase != Phase::Cleanup || self.traced || result.is_err();
        let elapsed = if timed { self.start.elapsed() } else { Duration::ZERO };
        match result {
            Ok(()) if self.phase == Phase::Cleanup => {
                step::cleanup_done(self.lifecycle, &self.names, index, elapsed, self.traced);
            }
            Ok(()) => step::init_done(self.lifecycle, &self.names, index, elapsed, self.traced),
            Err(error) => {
                step::step_failed(self.lifecycle, &self.names, index, self.phase, elapsed, &error);
                self.failures.push((index, Failure { component: self.names.component(index), error }));
            }
        }
        self.lifecycle.publish();
    }
}

impl Future for Level<'_, '_, '_> {
    /// The failures of the level: in initialization order for `init`, in reverse for
    /// `cleanup`, whatever order the futures finished in.
    type Output = Vec<Failure>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Vec<Failure>> {
        let this = self.get_mut();
        let mut running = false;
        for i in 0..this.steps.len() {
            let (index, slot) = &mut this.steps[i];
            let index = *index;
            let Some(future) = slot else { continue };
            let result = match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
                Ok(Poll::Pending) => {
                    running = true;
                    continue;
                }
                Ok(Poll::Ready(result)) => result,
                Err(payload) => Err(panic_error(payload)),
            };
            drop_caught(slot.take());
            this.record(index, result);
        }
        if running && this.deadline.poll_passed(this.names.orchestrator, cx) {
            for i in 0..this.steps.len() {
                let (index, slot) = &mut this.steps[i];
                let index = *index;
                if slot.is_some() {
                    drop_caught(slot.take());
                    let error = this.deadline.error();
                    this.record(index, Err(error));
                }
            }
            running = false;
        }
        if running {
            return Poll::Pending;
        }
        let mut failures = core::mem::take(&mut this.failures);
        failures.sort_by_key(|(index, _)| *index);
        if this.phase == Phase::Cleanup {
            failures.reverse();
        }
        Poll::Ready(failures.into_iter().map(|(_, failure)| failure).collect())
    }
}

impl Drop for Level<'_, '_, '_> {
    /// Dropped while steps still run (the lifecycle call was cancelled): drops their futures,
    /// catching panics of their `Drop`; their components stay `Starting` / `Stopping`.
    fn drop(&mut self) {
        for (_, slot) in &mut self.steps {
            drop_caught(slot.take());
        }
    }
}
