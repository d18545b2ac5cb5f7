//! The async lifecycle, written once: every derived async orchestrator's `initialize`,
//! `cleanup` and `status` are these functions. Each level's steps run in a [`Pass`]'s join, which
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
use std::time::Duration;

use super::component::build_step;
use super::level::{Only, Pass, drop_caught};
use super::orchestrator::AsyncOrchestrator;
use super::parts::AsyncComponents;
use super::policy::RestartPolicy;
use super::timeout::{Deadline, TIMEOUTS_SUPPORTED, TimeoutError};
use crate::hook_scope::InHook;
use crate::panic::DropCaught;
use crate::panic::panic_error;
use crate::parts::DerivedOrchestrator;
use crate::step::{self, Names};
use crate::{
    CleanupError, ComponentError, ComponentOf, Failure, InitError, LastFailure, Phase, RestartError, State, Status,
    trace,
};

/// The names `this` reports with.
fn names<T: AsyncComponents + ?Sized>(this: &T) -> Names {
    Names { orchestrator: T::NAME, components: this.graph().components(), register: T::REGISTER }
}

/// Runs the `phase` step of the components of `only`, level by level (for `init` from level 0
/// up, stopping after the first level with a failure; for `cleanup` from the deepest down,
/// and only of the components that need it), the components of one level together. Returns
/// the failures: those of the failing level for `init`; for `cleanup` level by level and,
/// within a level, in reverse initialization order (so for a chain of dependencies, exactly
/// the sync order).
async fn run_pass<T: AsyncComponents + ?Sized>(
    this: &mut T,
    phase: Phase,
    only: Only<'_>,
    deadline: &mut Deadline,
) -> Vec<Failure> {
    let depth = this.depth();
    let mut pass = Pass::new(names(this), phase, only, deadline, T::TIMEOUTS_MS);
    let mut failures = Vec::new();
    for n in 0..depth {
        let level = if phase == Phase::Cleanup { depth - 1 - n } else { n };
        this.level(level, &mut pass).await;
        let level_failures = pass.take_failures();
        if phase != Phase::Cleanup && !level_failures.is_empty() {
            return level_failures;
        }
        if failures.is_empty() {
            failures = level_failures;
        } else {
            failures.extend(level_failures);
        }
    }
    failures
}

/// Cleans up every component that needs it, level by level from the deepest, the components
/// of one level together; returns the failures (see [`run_pass`]).
fn clean_up<'a, T: AsyncComponents + ?Sized>(
    this: &'a mut T,
    deadline: &'a mut Deadline,
) -> impl Future<Output = Vec<Failure>> + Send + 'a {
    run_pass(this, Phase::Cleanup, Only::All, deadline)
}

/// `AsyncOrchestrator::initialize` of a derived async orchestrator.
///
/// # Errors
/// The failing (or panicking, or timed-out) `init` or register hook, with the other failures
/// of its level and the rollback's errors; a [`Reentrant`](crate::Reentrant) cause when called
/// from the register hook (nothing changes then).
pub fn initialize_async<'a, T: AsyncComponents + ?Sized + 'a>(
    this: &'a mut T,
) -> impl Future<Output = Result<(), InitError>> + Send + 'a {
    // the whole call is one future, built in place inside the span's (a nested `async fn`
    // would be built, then moved)
    trace::instrument(T::NAME, "initialize", async move {
        if this.lifecycle().state() == State::Ready {
            return Ok(());
        }
        if this.lifecycle().hook_running() {
            return Err(step::reentrant_initialize(this.lifecycle(), &names(this)));
        }
        run_initialize(this).await
    })
}

async fn run_initialize<T: AsyncComponents + ?Sized>(this: &mut T) -> Result<(), InitError> {
    let names = names(this);
    let count = names.components.len();
    let lifecycle = this.lifecycle_mut();
    lifecycle.set_hook(false, true);
    lifecycle.begin_async(State::Starting);
    // the deadline of the whole call, from its start: the release below included
    let mut deadline = Deadline::after("initialize", lifecycle.limits.initialize);
    if lifecycle.any_needs_cleanup(count) {
        // an interrupted call left components initialized: release them first, so that each
        // component is initialized exactly once since its last cleanup
        let mut release = deadline.within("cleanup", lifecycle.limits.cleanup);
        let mut failures = clean_up(this, &mut release).await;
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
    let mut failures = run_pass(this, Phase::Init, Only::All, &mut deadline).await;
    if !failures.is_empty() {
        let cause = failures.remove(0);
        return Err(fail(this, &deadline, cause, Phase::Init, failures).await);
    }
    // the hook's duration is only traced
    let start = trace::trace_clock(trace::traced());
    let result = register(this, &mut deadline).await;
    if let Err(error) = result {
        step::hook_failed(this.lifecycle_mut(), &names, trace::trace_elapsed(start), &error);
        let failed = Failure { component: T::REGISTER, error };
        return Err(fail(this, &deadline, failed, Phase::Register, Vec::new()).await);
    }
    this.lifecycle_mut().started_async();
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
    deadline: &Deadline,
    failed: Failure,
    phase: Phase,
    also_failed: Vec<Failure>,
) -> InitError {
    let mut deadline = deadline.within("cleanup", this.lifecycle().limits.cleanup);
    let rollback = clean_up(this, &mut deadline).await;
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
pub fn cleanup_async<'a, T: AsyncComponents + ?Sized + 'a>(
    this: &'a mut T,
) -> impl Future<Output = Result<(), CleanupError>> + Send + 'a {
    run_cleanup(this, None)
}

/// `AsyncOrchestrator::cleanup_within`: [`cleanup_async`] bounded by `limit` for this call,
/// in place of the cleanup deadline that is set.
///
/// # Errors
/// As [`cleanup_async`].
pub fn cleanup_within_async<'a, T: AsyncComponents + ?Sized + 'a>(
    this: &'a mut T,
    limit: Option<Duration>,
) -> impl Future<Output = Result<(), CleanupError>> + Send + 'a {
    run_cleanup(this, Some(limit))
}

/// A `cleanup()` bounded by `limit`, or (`None`) by the cleanup deadline that is set. One
/// future, built in place inside the span's (see [`initialize_async`]).
fn run_cleanup<'a, T: AsyncComponents + ?Sized + 'a>(
    this: &'a mut T,
    limit: Option<Option<Duration>>,
) -> impl Future<Output = Result<(), CleanupError>> + Send + 'a {
    trace::instrument(T::NAME, "cleanup", async move {
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
        let lifecycle = this.lifecycle_mut();
        lifecycle.set_hook(false, true);
        lifecycle.begin_async(State::Stopping);
        let limit = limit.unwrap_or(lifecycle.limits.cleanup);
        let mut deadline = Deadline::after("cleanup", limit);
        let failures = clean_up(this, &mut deadline).await;
        this.lifecycle_mut().set_state_async(State::Stopped);
        trace::finished(T::NAME, "cleanup", failures.is_empty());
        if failures.is_empty() { Ok(()) } else { Err(step::cleanup_failed(this.lifecycle_mut(), &names, failures)) }
    })
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
    let set = policy.mask(&graph, target);
    let lifecycle = this.lifecycle_mut();
    lifecycle.begin_async(State::Starting);
    let mut deadline = Deadline::after("cleanup", lifecycle.limits.cleanup);
    let mut failures = run_pass(this, Phase::Cleanup, Only::Mask(&set), &mut deadline).await;
    let mut deadline = Deadline::after("initialize", this.lifecycle().limits.initialize);
    for (index, _) in set.iter().enumerate().filter(|(_, picked)| **picked) {
        this.lifecycle_mut().count_restart(index);
    }
    let mut init_failures = run_pass(this, Phase::Init, Only::Mask(&set), &mut deadline).await;
    if !init_failures.is_empty() {
        let cause = init_failures.remove(0);
        let mut rollback_deadline = Deadline::after("cleanup", this.lifecycle().limits.cleanup);
        // the restart's own cleanup failures come first among the rollback's
        failures.extend(clean_up(this, &mut rollback_deadline).await);
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
