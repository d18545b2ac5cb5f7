//! The async lifecycle, written once: every derived async orchestrator's `initialize`,
//! `cleanup` and `status` are these functions. Each level's steps run in a [`Level`], which
//! records every outcome the moment it is known; the recording itself is shared with the sync
//! lifecycle (`step.rs`).
//!
//! Cancellation: the caller may drop the future of `initialize()` or `cleanup()` at any
//! `.await`. Everything that has happened is in the [`Lifecycle`] by then (component states,
//! the orchestrator's `Starting` / `Stopping`), and both calls start by looking at it: a
//! `cleanup()` releases every component that needs it, an `initialize()` first finishes that
//! release and then starts every component once.

use core::future::{Future, poll_fn};
use core::pin::Pin;
use core::task::Poll;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use super::component::build_step;
use super::level::{Level, drop_caught};
use super::orchestrator::AsyncOrchestrator;
use super::parts::AsyncComponents;
use super::policy::RestartPolicy;
use super::timeout::{Deadline, TIMEOUTS_SUPPORTED, TimeoutError, with_timeout};
use crate::hook_scope::InHook;
use crate::panic::DropCaught;
use crate::panic::panic_error;
use crate::parts::{DerivedOrchestrator, Step};
use crate::step::{self, Names};
use crate::{
    CleanupError, ComponentError, ComponentOf, Failure, InitError, LastFailure, Lifecycle, Phase, RestartError, State,
    Status, trace,
};

/// The names `this` reports with.
fn names<T: AsyncComponents + ?Sized>(this: &T) -> Names {
    Names { orchestrator: T::NAME, components: this.graph().components(), register: T::REGISTER }
}

/// The deepest level.
fn top(levels: &[usize]) -> usize {
    levels.iter().copied().max().unwrap_or(0)
}

/// Component `index`'s timeout: set at run time, else its `timeout_ms`.
fn timeout_of<T: AsyncComponents + ?Sized>(lifecycle: &Lifecycle, index: usize) -> Option<Duration> {
    match lifecycle.component_timeout(index) {
        Some(timeout) => timeout,
        None => T::TIMEOUTS_MS.get(index).copied().flatten().map(Duration::from_millis),
    }
}

/// Which components a call works on: all of them, or (a restart) those of a mask.
#[derive(Clone, Copy)]
enum Only<'a> {
    All,
    Mask(&'a [bool]),
}

impl Only<'_> {
    fn has(self, index: usize) -> bool {
        match self {
            Only::All => true,
            Only::Mask(mask) => mask.get(index).copied().unwrap_or(false),
        }
    }
}

/// Runs the `phase` step of the components of `only`, level by level (for `init` from level 0
/// up, stopping after the first level with a failure; for `cleanup` from the deepest down,
/// and only of the components that need it), the components of one level together. Returns
/// the failures: those of the failing level for `init`; for `cleanup` level by level and,
/// within a level, in reverse initialization order (so for a chain of dependencies, exactly
/// the sync order).
async fn run_pass<T: AsyncComponents + ?Sized>(
    this: &mut T,
    levels: &[usize],
    phase: Phase,
    only: Only<'_>,
    deadline: &mut Deadline,
) -> Vec<Failure> {
    let names = names(this);
    let traced = trace::traced();
    let step = if phase == Phase::Cleanup { Step::Cleanup } else { Step::Init };
    // who needs a cleanup, read once: a level's run changes only its own components
    let needs: Vec<bool> = (0..levels.len())
        .map(|index| phase != Phase::Cleanup || this.lifecycle().component_state(index).needs_cleanup())
        .collect();
    let top = top(levels);
    let mut failures = Vec::new();
    for n in 0..=top {
        let level = if phase == Phase::Cleanup { top - n } else { n };
        let run = |index: usize| levels.get(index) == Some(&level) && only.has(index) && needs[index];
        if !(0..levels.len()).any(run) {
            continue;
        }
        let (lifecycle, mut steps) = this.steps(level, step, &run);
        for (index, future) in &mut steps {
            if let Some(limit) = timeout_of::<T>(lifecycle, *index) {
                let untimed = core::mem::replace(future, Box::pin(core::future::pending()));
                *future = with_timeout(untimed, limit);
            }
        }
        let level_failures = Level::new(names, phase, &mut *lifecycle, steps, deadline, traced).await;
        if phase != Phase::Cleanup && !level_failures.is_empty() {
            return level_failures;
        }
        failures.extend(level_failures);
    }
    failures
}

/// Cleans up every component that needs it, level by level from the deepest, the components
/// of one level together; returns the failures (see [`run_pass`]).
async fn clean_up<T: AsyncComponents + ?Sized>(
    this: &mut T,
    levels: &[usize],
    deadline: &mut Deadline,
) -> Vec<Failure> {
    run_pass(this, levels, Phase::Cleanup, Only::All, deadline).await
}

/// `AsyncOrchestrator::initialize` of a derived async orchestrator.
///
/// # Errors
/// The failing (or panicking, or timed-out) `init` or register hook, with the other failures
/// of its level and the rollback's errors; a [`Reentrant`](crate::Reentrant) cause when called
/// from the register hook (nothing changes then).
pub async fn initialize_async<T: AsyncComponents + ?Sized>(this: &mut T) -> Result<(), InitError> {
    if this.lifecycle().state() == State::Ready {
        return Ok(());
    }
    if this.lifecycle().hook_running() {
        return Err(step::reentrant_initialize(this.lifecycle(), &names(this)));
    }
    trace::instrument(T::NAME, "initialize", run_initialize(this)).await
}

async fn run_initialize<T: AsyncComponents + ?Sized>(this: &mut T) -> Result<(), InitError> {
    let names = names(this);
    let levels = this.graph().levels();
    let count = names.components.len();
    let lifecycle = this.lifecycle_mut();
    lifecycle.set_hook(false, true);
    lifecycle.begin(State::Starting);
    // the deadline of the whole call, from its start: the release below included
    let mut deadline = Deadline::after("initialize", lifecycle.limits.initialize);
    if lifecycle.any_needs_cleanup(count) {
        // an interrupted call left components initialized: release them first, so that each
        // component is initialized exactly once since its last cleanup
        let mut release = deadline.within("cleanup", lifecycle.limits.cleanup);
        let mut failures = clean_up(this, &levels, &mut release).await;
        if !failures.is_empty() {
            trace::leftovers_failed(T::NAME, failures.len());
            let first = failures.remove(0);
            if deadline.is_past() {
                // nothing is left initialized, and no time to start anything
                return Err(released_too_late(this, first, failures));
            }
            let failure = LastFailure::new(first.component, Phase::Cleanup, &first.error);
            this.lifecycle_mut().set_last_failure(failure);
        }
    }
    // each attempt starts from fresh rows
    this.lifecycle_mut().reset_slots_from(0, count);
    let mut failures = run_pass(this, &levels, Phase::Init, Only::All, &mut deadline).await;
    if !failures.is_empty() {
        let cause = failures.remove(0);
        return Err(fail(this, &levels, &deadline, cause, Phase::Init, failures).await);
    }
    let start = Instant::now();
    let result = register(this, &mut deadline).await;
    if let Err(error) = result {
        step::hook_failed(this.lifecycle_mut(), &names, start.elapsed(), &error);
        let failed = Failure { component: T::REGISTER, error };
        return Err(fail(this, &levels, &deadline, failed, Phase::Register, Vec::new()).await);
    }
    this.lifecycle_mut().started();
    trace::finished(T::NAME, "initialize", true);
    Ok(())
}

/// Runs the register hook: marked as running while it is polled (so that it may call
/// coordination methods, and may not call `initialize()` / `cleanup()`), its panics caught,
/// within the call's deadline.
async fn register<T: AsyncComponents + ?Sized>(this: &mut T, deadline: &mut Deadline) -> Result<(), ComponentError> {
    let key = this.lifecycle().key();
    this.lifecycle_mut().set_hook(true, true);
    // dropped under the panic guard also when this future is dropped while the hook waits
    let mut hook = DropCaught(Some(InHook::new(key, build_step(|| this.register()))));
    let result = poll_fn(|cx| {
        let Some(future) = &mut hook.0 else { return Poll::Ready(Ok(())) };
        let result = match catch_unwind(AssertUnwindSafe(|| Pin::new(&mut *future).poll(cx))) {
            Ok(Poll::Ready(result)) => result,
            Err(payload) => Err(panic_error(payload)),
            Ok(Poll::Pending) if deadline.poll_passed(T::NAME, cx) => Err(deadline.error()),
            Ok(Poll::Pending) => return Poll::Pending,
        };
        drop_caught(hook.0.take());
        Poll::Ready(result)
    })
    .await;
    drop(hook);
    this.lifecycle_mut().set_hook(false, true);
    result
}

/// Rolls back every component that needs it (within the cleanup deadline, and within the
/// initialize deadline `deadline` of the whole call) and builds the error.
async fn fail<T: AsyncComponents + ?Sized>(
    this: &mut T,
    levels: &[usize],
    deadline: &Deadline,
    failed: Failure,
    phase: Phase,
    also_failed: Vec<Failure>,
) -> InitError {
    let mut deadline = deadline.within("cleanup", this.lifecycle().limits.cleanup);
    let rollback = clean_up(this, levels, &mut deadline).await;
    let names = names(this);
    step::init_failed(this.lifecycle_mut(), &names, failed, phase, also_failed, rollback, names.components.len())
}

/// How an `initialize()` ends whose deadline passed while it released what a dropped call
/// left: `failed` is the first release that failed (timed out), `also_failed` the others. No
/// component is initialized then (each was released, or timed out and dropped), so there is
/// no rollback; the orchestrator is `Failed`.
#[cold]
fn released_too_late<T: AsyncComponents + ?Sized>(
    this: &mut T,
    failed: Failure,
    also_failed: Vec<Failure>,
) -> InitError {
    let names = names(this);
    let count = names.components.len();
    step::init_failed(this.lifecycle_mut(), &names, failed, Phase::Cleanup, also_failed, Vec::new(), count)
}

/// `AsyncOrchestrator::cleanup` of a derived async orchestrator.
///
/// # Errors
/// Every component whose `cleanup` failed, panicked or timed out, level by level from the
/// deepest and, within a level, in reverse initialization order; all the others still ran. A
/// [`Reentrant`](crate::Reentrant) failure when called from the register hook (nothing
/// changes then).
pub async fn cleanup_async<T: AsyncComponents + ?Sized>(this: &mut T) -> Result<(), CleanupError> {
    let limit = this.lifecycle().limits.cleanup;
    cleanup_within_async(this, limit).await
}

/// `AsyncOrchestrator::cleanup_within`: [`cleanup_async`] bounded by `limit` for this call,
/// in place of the cleanup deadline that is set.
///
/// # Errors
/// As [`cleanup_async`].
pub async fn cleanup_within_async<T: AsyncComponents + ?Sized>(
    this: &mut T,
    limit: Option<Duration>,
) -> Result<(), CleanupError> {
    if this.lifecycle().hook_running() {
        return Err(step::reentrant_cleanup(this.lifecycle(), &names(this)));
    }
    let names = names(this);
    let state = this.lifecycle().state();
    if state != State::Ready && !this.lifecycle().any_needs_cleanup(names.components.len()) {
        if matches!(state, State::Starting | State::Stopping) {
            // interrupted with nothing initialized: there is nothing left to release
            this.lifecycle_mut().set_hook(false, true);
            this.lifecycle_mut().set_state(State::Stopped);
        }
        return Ok(());
    }
    trace::instrument(T::NAME, "cleanup", async {
        let lifecycle = this.lifecycle_mut();
        lifecycle.set_hook(false, true);
        lifecycle.begin(State::Stopping);
        let mut deadline = Deadline::after("cleanup", limit);
        let levels = this.graph().levels();
        let failures = clean_up(this, &levels, &mut deadline).await;
        this.lifecycle_mut().set_state(State::Stopped);
        trace::finished(T::NAME, "cleanup", failures.is_empty());
        if failures.is_empty() { Ok(()) } else { Err(step::cleanup_failed(this.lifecycle_mut(), &names, failures)) }
    })
    .await
}

/// `AsyncOrchestrator::restart` of a derived async orchestrator: cleans up `component` and
/// every component that depends on it (transitively), level by level from the deepest, then
/// initializes them again level by level, so no dependent's `init` begins before its
/// dependency is initialized again. The register hook does not run again; the orchestrator is
/// `Starting` meanwhile (coordination refused; if this future is dropped, the next
/// `initialize()` or `cleanup()` deals with what it left, as after a dropped `initialize()`).
/// The cleanup runs under the cleanup deadline, the initialization under the initialize one.
///
/// # Errors
/// See [`RestartError`](crate::RestartError).
/// The name is looked up at once: the future does not borrow it.
pub fn restart_async<'a, T: AsyncComponents + ?Sized>(
    this: &'a mut T,
    component: &str,
    policy: RestartPolicy,
) -> impl Future<Output = Result<(), RestartError>> + Send + use<'a, T> {
    let target = step::restart_target(this.lifecycle(), &names(this), component);
    async move { trace::instrument(T::NAME, "restart", run_restart(this, target?, policy)).await }
}

async fn run_restart<T: AsyncComponents + ?Sized>(
    this: &mut T,
    target: usize,
    policy: RestartPolicy,
) -> Result<(), RestartError> {
    let names = names(this);
    let graph = this.graph();
    let levels = graph.levels();
    let set = policy.mask(&graph, target);
    let lifecycle = this.lifecycle_mut();
    lifecycle.begin(State::Starting);
    let mut deadline = Deadline::after("cleanup", lifecycle.limits.cleanup);
    let mut failures = run_pass(this, &levels, Phase::Cleanup, Only::Mask(&set), &mut deadline).await;
    let mut deadline = Deadline::after("initialize", this.lifecycle().limits.initialize);
    for (index, _) in set.iter().enumerate().filter(|(_, picked)| **picked) {
        this.lifecycle_mut().count_restart(index);
    }
    let mut init_failures = run_pass(this, &levels, Phase::Init, Only::Mask(&set), &mut deadline).await;
    if !init_failures.is_empty() {
        let cause = init_failures.remove(0);
        let mut rollback_deadline = Deadline::after("cleanup", this.lifecycle().limits.cleanup);
        // the restart's own cleanup failures come first among the rollback's
        failures.extend(clean_up(this, &levels, &mut rollback_deadline).await);
        let count = names.components.len();
        let lifecycle = this.lifecycle_mut();
        let error = step::init_failed(lifecycle, &names, cause, Phase::Init, init_failures, failures, count);
        return Err(RestartError::Init(error));
    }
    step::restarted(this.lifecycle_mut(), &names, target, &set, failures)
}

/// `AsyncOrchestrator::status` of a derived async orchestrator.
pub fn status_async<T: AsyncComponents + ?Sized>(this: &T) -> Status {
    Status::snapshot(T::NAME, this.graph().components(), T::TYPES, this.lifecycle(), this.config(), |index| {
        AsyncComponents::health(this, index)
    })
}

/// Every `AsyncComponents` is an [`AsyncOrchestrator`]: the methods are the async lifecycle
/// functions above.
impl<T: AsyncComponents> AsyncOrchestrator for T {
    const NAME: &'static str = <T as DerivedOrchestrator>::NAME;
    const COMPONENTS: &'static [&'static str] = <T as DerivedOrchestrator>::COMPONENTS;
    const DEPENDENCIES: &'static [&'static [usize]] = <T as DerivedOrchestrator>::DEPENDENCIES;
    #[cfg(feature = "tokio")]
    const __EMITS: bool = <T as AsyncComponents>::EMITS;

    #[cfg(feature = "tokio")]
    fn __connect(&self, link: &super::client::Link<Self>) {
        AsyncComponents::connect(self, link);
    }

    fn initialize(&mut self) -> impl core::future::Future<Output = Result<(), InitError>> + Send {
        initialize_async(self)
    }
    fn cleanup(&mut self) -> impl core::future::Future<Output = Result<(), CleanupError>> + Send {
        cleanup_async(self)
    }
    fn cleanup_within(
        &mut self,
        deadline: Option<Duration>,
    ) -> impl core::future::Future<Output = Result<(), CleanupError>> + Send {
        cleanup_within_async(self, deadline)
    }
    fn restart(
        &mut self,
        component: impl ComponentOf<Self>,
    ) -> impl core::future::Future<Output = Result<(), RestartError>> + Send {
        restart_async(self, component.component_name(), RestartPolicy::WithDependents)
    }
    fn restart_with(
        &mut self,
        component: impl ComponentOf<Self>,
        policy: RestartPolicy,
    ) -> impl core::future::Future<Output = Result<(), RestartError>> + Send {
        restart_async(self, component.component_name(), policy)
    }
    fn status(&self) -> Status {
        status_async(self)
    }
    fn status_handle(&mut self) -> crate::StatusHandle {
        let components = self.graph().components();
        self.lifecycle_mut().status_handle(<T as DerivedOrchestrator>::NAME, components)
    }
    fn state(&self) -> State {
        self.lifecycle().state()
    }
    fn set_initialize_timeout(&mut self, timeout: Option<Duration>) -> Result<(), TimeoutError> {
        timer_for(timeout)?;
        self.lifecycle_mut().limits.initialize = timeout;
        Ok(())
    }
    fn set_cleanup_timeout(&mut self, timeout: Option<Duration>) -> Result<(), TimeoutError> {
        timer_for(timeout)?;
        self.lifecycle_mut().limits.cleanup = timeout;
        Ok(())
    }
    fn set_timeout(
        &mut self,
        component: impl ComponentOf<Self>,
        timeout: Option<Duration>,
    ) -> Result<(), TimeoutError> {
        let name = <T as DerivedOrchestrator>::NAME;
        let component = component.component_name();
        let index = crate::name::find(<T as DerivedOrchestrator>::COMPONENTS, component).map_err(|closest| {
            TimeoutError::UnknownComponent { orchestrator: name, name: component.to_owned(), closest }
        })?;
        timer_for(timeout)?;
        if timeout.is_some() && AsyncComponents::blocking(self, index) {
            let component = <T as DerivedOrchestrator>::COMPONENTS[index];
            return Err(TimeoutError::Blocking { orchestrator: name, component });
        }
        self.lifecycle_mut().set_component_timeout(index, timeout);
        Ok(())
    }
}

/// A timeout can be set (`Some`) only when this build has a timer; removing one always works.
fn timer_for(timeout: Option<Duration>) -> Result<(), TimeoutError> {
    match timeout {
        Some(_) if !TIMEOUTS_SUPPORTED => Err(TimeoutError::NoTimer),
        _ => Ok(()),
    }
}
