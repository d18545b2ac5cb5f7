//! One dependency level of the async lifecycle: the `init` (or `cleanup`) futures of its
//! components, polled together by a runtime-agnostic join that records each component's
//! outcome in the [`Lifecycle`] the moment its future completes, catches each future's panics
//! (and the panics of dropping it), and stops at the call's deadline.
//!
//! Recording inside the poll is what makes the lifecycle correct under cancellation: when the
//! caller drops the `initialize()` / `cleanup()` future at any `.await`, every step that has
//! finished is already written down, and every step still running was never recorded as done.
//!
//! Nothing here allocates on the success path: the derive's `AsyncComponents::level` builds
//! each component's step future (boxed once, by `AsyncComponentField::step`) with
//! [`Pass::start`] into an `Option` pinned in its own `async` block, one `match` arm per level,
//! and hands the join a slice of `(index, Pin<&mut dyn StepSlot>)` (see the reviewed expansion
//! `orchestrator-codegen/tests/expand/async_services.expanded.rs`).

use core::future::{Future, poll_fn};
use core::pin::Pin;
use core::task::{Context, Poll};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use super::timeout::{Deadline, StepTimer};
pub(crate) use crate::panic::drop_caught;
use crate::panic::{drop_payload, panic_error};
use crate::parts::{Step, StepResult};
use crate::step::{self, Names};
use crate::{ComponentError, Failure, Lifecycle, Phase, State};

/// One component's step as a level's join holds it: its future while it runs, `None` once it
/// finished or was never started. Implemented for `Option<F>` of every step future `F`; the join
/// reaches each one as a `Pin<&mut dyn StepSlot>`, so one join serves every level of every
/// orchestrator without boxing a future.
pub trait StepSlot: Send {
    /// Polls the step; `Ready(Ok(()))` for an empty slot.
    fn poll_step(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<StepResult>;
    /// Whether the step is still running.
    fn running(&self) -> bool;
    /// Drops the step's future (the step finished, or is cut short), catching a panic of its
    /// `Drop`.
    fn finish(self: Pin<&mut Self>);
}

impl<F: Future<Output = StepResult> + Send> StepSlot for Option<F> {
    #[inline]
    fn poll_step(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<StepResult> {
        match self.as_pin_mut() {
            Some(future) => future.poll(cx),
            None => Poll::Ready(Ok(())),
        }
    }
    #[inline]
    fn running(&self) -> bool {
        self.is_some()
    }
    #[inline]
    fn finish(mut self: Pin<&mut Self>) {
        // `set` leaves `None` in the slot even when the old future's `Drop` panics
        if let Err(payload) = catch_unwind(AssertUnwindSafe(|| self.set(None))) {
            drop_payload(payload);
        }
    }
}

/// Which components a call works on: all of them, or (a restart) those of a mask.
#[derive(Clone, Copy)]
pub(crate) enum Only<'a> {
    All,
    Mask(&'a [bool]),
}

impl Only<'_> {
    #[inline]
    fn has(self, index: usize) -> bool {
        match self {
            Only::All => true,
            Only::Mask(mask) => mask.get(index).copied().unwrap_or(false),
        }
    }
}

/// One pass of a lifecycle call over the levels (every `init`, or every `cleanup`): what a
/// level's steps need to know, and the failures of the level that ran last. The derive's
/// `AsyncComponents::level` builds a level's steps with [`start`](Self::start) and joins them
/// with [`join`](Self::join).
pub struct Pass<'p> {
    names: Names,
    phase: Phase,
    /// Whether the step events are traced: a `cleanup` is timed only for them.
    traced: bool,
    only: Only<'p>,
    deadline: &'p mut Deadline,
    /// Per component, its `timeout_ms` (the derive's `TIMEOUTS_MS`).
    timeouts_ms: &'static [Option<u64>],
    /// `(component index, failure)`, in the order they finished.
    failures: Vec<(usize, Failure)>,
}

impl<'p> Pass<'p> {
    pub(crate) fn new(
        names: Names,
        phase: Phase,
        only: Only<'p>,
        deadline: &'p mut Deadline,
        timeouts_ms: &'static [Option<u64>],
    ) -> Self {
        Self { names, phase, traced: crate::trace::traced(), only, deadline, timeouts_ms, failures: Vec::new() }
    }

    /// The step this pass runs.
    #[inline]
    #[must_use]
    pub fn step(&self) -> Step {
        if self.phase == Phase::Cleanup { Step::Cleanup } else { Step::Init }
    }

    /// The step future of component `index`, built by `build` (which gets the lifecycle back,
    /// for a component with `uses(lifecycle)`), if this pass runs it: for `init` every
    /// component of the call, for `cleanup` those that need it. The component is then
    /// `Starting` (or `Stopping`) until its step finishes. A panic while building the future is
    /// that component's failure, recorded at once (`None` then).
    #[inline]
    pub fn start<F>(
        &mut self,
        lifecycle: &mut Lifecycle,
        index: usize,
        build: impl FnOnce(&mut Lifecycle) -> F,
    ) -> Option<F> {
        if !self.only.has(index) {
            return None;
        }
        let slot = lifecycle.slot_mut(index);
        if self.phase == Phase::Cleanup {
            if !slot.state.needs_cleanup() {
                return None;
            }
            slot.state = State::Stopping;
        } else {
            slot.state = State::Starting;
        }
        match catch_unwind(AssertUnwindSafe(|| build(&mut *lifecycle))) {
            Ok(future) => Some(future),
            Err(payload) => {
                self.record(lifecycle, index, Err(panic_error(payload)), None);
                None
            }
        }
    }

    /// Polls the level's steps together until each has finished (or the deadline passed),
    /// recording each outcome as it completes. `slots` pairs each component's index with its
    /// step, in initialization order. Dropped before the end (the call was cancelled), it drops
    /// the steps still running, catching panics of their `Drop`; their components stay
    /// `Starting` / `Stopping`.
    pub async fn join(&mut self, lifecycle: &mut Lifecycle, slots: &mut [(usize, Pin<&mut dyn StepSlot>)]) {
        let remaining = slots.iter().filter(|(_, slot)| slot.running()).count();
        if remaining == 0 {
            return;
        }
        // an init time is shown in the status; a cleanup's only in its trace event
        let start = (self.phase != Phase::Cleanup || self.traced).then(Instant::now);
        if lifecycle.live().is_some() {
            // the level's components are `Starting` / `Stopping` now
            for (index, slot) in slots.iter() {
                if slot.running() {
                    lifecycle.publish_step(*index);
                }
            }
        }
        let mut join = Join { pass: self, lifecycle, slots, start, timers: Vec::new(), remaining };
        if !join.pass.timeouts_ms.is_empty() || !join.lifecycle.limits.components.is_empty() {
            join.start_timers();
        }
        poll_fn(|cx| join.poll(cx)).await;
    }

    /// The failures of the level that ran last, in initialization order for `init`, in
    /// reverse for `cleanup`, whatever order the futures finished in.
    pub(crate) fn take_failures(&mut self) -> Vec<Failure> {
        if self.failures.is_empty() {
            return Vec::new();
        }
        let mut failures = core::mem::take(&mut self.failures);
        failures.sort_by_key(|(index, _)| *index);
        if self.phase == Phase::Cleanup {
            failures.reverse();
        }
        failures.into_iter().map(|(_, failure)| failure).collect()
    }

    /// Records the outcome of component `index`'s step.
    #[inline]
    fn record(&mut self, lifecycle: &mut Lifecycle, index: usize, result: StepResult, start: Option<Instant>) {
        match result {
            Ok(()) => {
                let elapsed = start.map_or(Duration::ZERO, |start| start.elapsed());
                if self.phase == Phase::Cleanup {
                    step::cleanup_done(lifecycle, &self.names, index, elapsed, self.traced);
                } else {
                    step::init_done(lifecycle, &self.names, index, elapsed, self.traced);
                }
            }
            Err(error) => self.failed(lifecycle, index, error, start),
        }
        lifecycle.publish_step(index);
    }

    #[cold]
    #[inline(never)]
    fn failed(&mut self, lifecycle: &mut Lifecycle, index: usize, error: ComponentError, start: Option<Instant>) {
        let elapsed = start.map_or(Duration::ZERO, |start| start.elapsed());
        step::step_failed(lifecycle, &self.names, index, self.phase, elapsed, &error);
        self.failures.push((index, Failure { component: self.names.component(index), error }));
    }

    /// Component `index`'s timeout: set at run time, else its `timeout_ms`.
    fn timeout_of(&self, lifecycle: &Lifecycle, index: usize) -> Option<Duration> {
        match lifecycle.component_timeout(index) {
            Some(timeout) => timeout,
            None => self.timeouts_ms.get(index).copied().flatten().map(Duration::from_millis),
        }
    }
}

/// A level's steps, running.
struct Join<'j, 'p, 's, 'f> {
    pass: &'j mut Pass<'p>,
    lifecycle: &'j mut Lifecycle,
    slots: &'j mut [(usize, Pin<&'s mut (dyn StepSlot + 'f)>)],
    start: Option<Instant>,
    /// Per slot, its component's own timeout; empty when no step of the level has one.
    timers: Vec<StepTimer>,
    /// How many steps still run.
    remaining: usize,
}

impl Join<'_, '_, '_, '_> {
    /// Starts the timer of each step with a timeout (a step whose timer cannot start fails
    /// without running).
    #[cold]
    fn start_timers(&mut self) {
        let limits: Vec<Option<Duration>> =
            self.slots.iter().map(|(index, _)| self.pass.timeout_of(self.lifecycle, *index)).collect();
        if limits.iter().all(Option::is_none) {
            return;
        }
        self.timers = limits.into_iter().map(StepTimer::new).collect();
        for i in 0..self.slots.len() {
            let (index, slot) = &mut self.slots[i];
            if !slot.running() {
                continue;
            }
            if let Err(error) = self.timers[i].start() {
                slot.as_mut().finish();
                self.remaining -= 1;
                let index = *index;
                self.pass.record(self.lifecycle, index, Err(error), self.start);
            }
        }
    }

    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let mut running = false;
        for i in 0..self.slots.len() {
            let (index, slot) = &mut self.slots[i];
            if !slot.running() {
                continue;
            }
            let index = *index;
            let result = match catch_unwind(AssertUnwindSafe(|| slot.as_mut().poll_step(cx))) {
                Ok(Poll::Ready(result)) => result,
                Err(payload) => Err(panic_error(payload)),
                Ok(Poll::Pending) => match self.timers.get_mut(i).map(|timer| timer.poll_expired(cx)) {
                    Some(Some(error)) => Err(error),
                    _ => {
                        running = true;
                        continue;
                    }
                },
            };
            slot.as_mut().finish();
            self.remaining -= 1;
            self.pass.record(self.lifecycle, index, result, self.start);
        }
        if running && self.pass.deadline.poll_passed(self.pass.names.orchestrator, cx) {
            for i in 0..self.slots.len() {
                let (index, slot) = &mut self.slots[i];
                if slot.running() {
                    slot.as_mut().finish();
                    self.remaining -= 1;
                    let (index, error) = (*index, self.pass.deadline.error());
                    self.pass.record(self.lifecycle, index, Err(error), self.start);
                }
            }
            running = false;
        }
        if running { Poll::Pending } else { Poll::Ready(()) }
    }
}

impl Drop for Join<'_, '_, '_, '_> {
    /// Dropped while steps still run (the lifecycle call was cancelled): drops their futures,
    /// catching panics of their `Drop`; their components stay `Starting` / `Stopping`.
    fn drop(&mut self) {
        if self.remaining == 0 {
            return;
        }
        for (_, slot) in self.slots.iter_mut() {
            if slot.running() {
                slot.as_mut().finish();
            }
        }
    }
}
