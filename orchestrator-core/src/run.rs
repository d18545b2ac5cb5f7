//! The sync lifecycle, written once: every derived orchestrator's `initialize`, `cleanup` and
//! `status` are these functions. The recording of each step is shared with the async
//! lifecycle (`step.rs`).

use std::time::Instant;

use crate::panic::guarded;
use crate::parts::{DerivedOrchestrator, Step, SyncComponents};
use crate::step::{self, Names};
use crate::trace::{self, trace_clock, trace_elapsed, traced};
use crate::{
    CleanupError, ComponentOf, Failure, Graph, InitError, Orchestrator, Phase, RestartError, RestartPolicy, State,
    Status, StatusHandle,
};

/// The names `T` reports with.
#[inline(always)]
fn names<T: SyncComponents + ?Sized>() -> Names {
    Names { orchestrator: T::NAME, components: T::COMPONENTS, register: T::REGISTER }
}

/// `Orchestrator::initialize` of a derived orchestrator.
///
/// # Errors
/// The first failing (or panicking) `init` or register hook, with the rollback's errors; a
/// [`Reentrant`](crate::Reentrant) cause when called from the register hook (nothing changes
/// then).
pub fn initialize<T: SyncComponents + ?Sized>(this: &mut T) -> Result<(), InitError> {
    match this.lifecycle().state() {
        State::Ready => return Ok(()),
        // a sync call cannot be interrupted: these are only seen from inside the running call
        State::Starting | State::Stopping => return Err(step::reentrant_initialize(this.lifecycle(), &names::<T>())),
        State::Created | State::Stopped | State::Failed => {}
    }
    if traced() {
        return initialize_traced(this);
    }
    init_steps(this, false)
}

/// [`initialize`] when [`traced`]: in its span, with the events. A function of its own, so the
/// untraced path is compiled without a trace of tracing (the span guard and the events' code
/// made it slower even when not taken).
#[inline(never)]
fn initialize_traced<T: SyncComponents + ?Sized>(this: &mut T) -> Result<(), InitError> {
    let _span = trace::lifecycle(T::NAME, "initialize");
    init_steps(this, true)
}

/// [`initialize`]'s steps; `traced` is a constant at both call sites.
#[inline(always)]
fn init_steps<T: SyncComponents + ?Sized>(this: &mut T, traced: bool) -> Result<(), InitError> {
    let names = names::<T>();
    this.lifecycle_mut().begin(State::Starting);
    for index in 0..T::COMPONENTS.len() {
        let start = Instant::now();
        let result = guarded(|| this.step(index, Step::Init));
        let elapsed = start.elapsed();
        match result {
            Ok(()) => step::init_done(this.lifecycle_mut(), &names, index, elapsed, traced),
            Err(error) => {
                step::step_failed(this.lifecycle_mut(), &names, index, Phase::Init, elapsed, &error);
                let failed = Failure { component: names.component(index), error };
                return Err(fail(this, failed, Phase::Init, index, traced));
            }
        }
    }
    let start = trace_clock(traced);
    this.lifecycle_mut().set_hook(true, false);
    let registered = guarded(|| this.register());
    this.lifecycle_mut().set_hook(false, false);
    if let Err(error) = registered {
        step::hook_failed(this.lifecycle_mut(), &names, trace_elapsed(start), &error);
        let failed = Failure { component: T::REGISTER, error };
        return Err(fail(this, failed, Phase::Register, T::COMPONENTS.len(), traced));
    }
    this.lifecycle_mut().started();
    if traced {
        trace::finished(T::NAME, "initialize", true);
    }
    Ok(())
}

/// Rolls back the first `initialized` components and builds the error.
#[cold]
#[inline(never)]
fn fail<T: SyncComponents + ?Sized>(
    this: &mut T,
    failed: Failure,
    phase: Phase,
    initialized: usize,
    traced: bool,
) -> InitError {
    let rollback = clean_up(this, initialized, traced);
    let reached = (initialized + 1).min(T::COMPONENTS.len());
    step::init_failed(this.lifecycle_mut(), &names::<T>(), failed, phase, Vec::new(), rollback, reached)
}

/// Cleans up, in reverse order, each of the first `count` components that is initialized;
/// returns the failures in cleanup order. (Always inlined: into `cleanup`, with `count` the
/// constant number of components, it unrolls to straight-line code; not inlined, it did not.)
#[inline(always)]
fn clean_up<T: SyncComponents + ?Sized>(this: &mut T, count: usize, traced: bool) -> Vec<Failure> {
    let names = names::<T>();
    let mut failures = Vec::new();
    // over all the components (a constant trip count, which the optimizer can unroll and
    // resolve `step`'s `match` in), skipping those from `count` on
    for index in (0..T::COMPONENTS.len()).rev() {
        if index >= count || !this.lifecycle().component_state(index).needs_cleanup() {
            continue;
        }
        let start = trace_clock(traced);
        match guarded(|| this.step(index, Step::Cleanup)) {
            Ok(()) => step::cleanup_done(this.lifecycle_mut(), &names, index, trace_elapsed(start), traced),
            Err(error) => {
                step::step_failed(this.lifecycle_mut(), &names, index, Phase::Cleanup, trace_elapsed(start), &error);
                failures.push(Failure { component: names.component(index), error });
            }
        }
    }
    failures
}

/// `Orchestrator::cleanup` of a derived orchestrator.
///
/// # Errors
/// Every component whose `cleanup` failed or panicked; all the others still ran. A
/// [`Reentrant`](crate::Reentrant) failure when called from the register hook (nothing
/// changes then).
pub fn cleanup<T: SyncComponents + ?Sized>(this: &mut T) -> Result<(), CleanupError> {
    match this.lifecycle().state() {
        State::Ready => {}
        State::Starting | State::Stopping => return Err(step::reentrant_cleanup(this.lifecycle(), &names::<T>())),
        State::Created | State::Stopped | State::Failed => return Ok(()),
    }
    if traced() {
        return cleanup_traced(this);
    }
    cleanup_steps(this, false)
}

/// [`cleanup`] when [`traced`]: in its span, with the events (see [`initialize_traced`]).
#[inline(never)]
fn cleanup_traced<T: SyncComponents + ?Sized>(this: &mut T) -> Result<(), CleanupError> {
    let _span = trace::lifecycle(T::NAME, "cleanup");
    cleanup_steps(this, true)
}

/// [`cleanup`]'s steps; `traced` is a constant at both call sites.
#[inline(always)]
fn cleanup_steps<T: SyncComponents + ?Sized>(this: &mut T, traced: bool) -> Result<(), CleanupError> {
    this.lifecycle_mut().begin(State::Stopping);
    let failures = clean_up(this, T::COMPONENTS.len(), traced);
    this.lifecycle_mut().set_state(State::Stopped);
    // `done` is an info event, skipped when not `traced`; `failed` is an error one, never
    if traced || !failures.is_empty() {
        trace::finished(T::NAME, "cleanup", failures.is_empty());
    }
    if failures.is_empty() { Ok(()) } else { Err(step::cleanup_failed(this.lifecycle_mut(), &names::<T>(), failures)) }
}

/// `Orchestrator::restart_with` of a derived orchestrator: cleans up `component` and the
/// components `policy` restarts with it (by default every component that depends on it,
/// transitively), in reverse order, then initializes them again in order. The register hook
/// does not run again. The orchestrator is `Starting` meanwhile, so coordination methods are
/// refused.
///
/// # Errors
/// See [`RestartError`]: an unknown name or a state other than `Ready` change nothing; a failed
/// `init` rolls back every component (the orchestrator is `Failed`); failed cleanups are
/// reported with the orchestrator `Ready` again.
pub fn restart<T: SyncComponents + ?Sized>(
    this: &mut T,
    component: &str,
    policy: RestartPolicy,
) -> Result<(), RestartError> {
    let names = names::<T>();
    let target = step::restart_target(this.lifecycle(), &names, component)?;
    let traced = traced();
    let _span = traced.then(|| trace::lifecycle(T::NAME, "restart"));
    let set = policy.mask(&Graph::new(T::NAME, T::COMPONENTS, T::DEPENDENCIES), target);
    this.lifecycle_mut().begin(State::Starting);
    let mut failures = Vec::new();
    for index in (0..set.len()).rev() {
        if !set[index] || !this.lifecycle().component_state(index).needs_cleanup() {
            continue;
        }
        let start = Instant::now();
        match guarded(|| this.step(index, Step::Cleanup)) {
            Ok(()) => step::cleanup_done(this.lifecycle_mut(), &names, index, start.elapsed(), traced),
            Err(error) => {
                step::step_failed(this.lifecycle_mut(), &names, index, Phase::Cleanup, start.elapsed(), &error);
                failures.push(Failure { component: names.component(index), error });
            }
        }
    }
    for (index, &picked) in set.iter().enumerate() {
        if !picked {
            continue;
        }
        let start = Instant::now();
        let result = guarded(|| this.step(index, Step::Init));
        let elapsed = start.elapsed();
        this.lifecycle_mut().count_restart(index);
        match result {
            Ok(()) => step::init_done(this.lifecycle_mut(), &names, index, elapsed, traced),
            Err(error) => {
                step::step_failed(this.lifecycle_mut(), &names, index, Phase::Init, elapsed, &error);
                // the restart's own cleanup failures come first among the rollback's
                failures.extend(clean_up(this, T::COMPONENTS.len(), traced));
                let failed = Failure { component: names.component(index), error };
                let count = T::COMPONENTS.len();
                let lifecycle = this.lifecycle_mut();
                let error = step::init_failed(lifecycle, &names, failed, Phase::Init, Vec::new(), failures, count);
                return Err(RestartError::Init(error));
            }
        }
    }
    step::restarted(this.lifecycle_mut(), &names, target, &set, failures)
}

/// The `Drop` of an orchestrator with `#[orchestrator(cleanup_on_drop)]`: cleans up a `Ready`
/// orchestrator; errors are reported through `tracing` (there is no one to return them to).
pub fn drop_cleanup<T: SyncComponents + ?Sized>(this: &mut T) {
    if let Err(error) = cleanup(this) {
        trace::drop_cleanup_failed(T::NAME, &error);
    }
}

/// `Orchestrator::status` of a derived orchestrator.
pub fn status<T: SyncComponents + ?Sized>(this: &T) -> Status {
    Status::snapshot(T::NAME, T::COMPONENTS, T::TYPES, this.lifecycle(), this.config(), |index| {
        SyncComponents::health(this, index)
    })
}

/// Every `SyncComponents` is an [`Orchestrator`]: the methods are the lifecycle functions above.
impl<T: SyncComponents> Orchestrator for T {
    const NAME: &'static str = <T as DerivedOrchestrator>::NAME;
    const COMPONENTS: &'static [&'static str] = <T as DerivedOrchestrator>::COMPONENTS;
    const DEPENDENCIES: &'static [&'static [usize]] = <T as DerivedOrchestrator>::DEPENDENCIES;

    #[inline]
    fn initialize(&mut self) -> Result<(), InitError> {
        initialize(self)
    }
    #[inline]
    fn cleanup(&mut self) -> Result<(), CleanupError> {
        cleanup(self)
    }
    fn status(&self) -> Status {
        status(self)
    }
    #[inline]
    fn state(&self) -> State {
        self.lifecycle().state()
    }
    fn restart(&mut self, component: impl ComponentOf<Self>) -> Result<(), RestartError> {
        restart(self, component.component_name(), RestartPolicy::WithDependents)
    }
    fn restart_with(&mut self, component: impl ComponentOf<Self>, policy: RestartPolicy) -> Result<(), RestartError> {
        restart(self, component.component_name(), policy)
    }
    fn status_handle(&mut self) -> StatusHandle {
        self.lifecycle_mut().status_handle(<T as DerivedOrchestrator>::NAME, <T as DerivedOrchestrator>::COMPONENTS)
    }
}
