//! The lifecycle, written once: every derived orchestrator's `initialize`, `cleanup` and
//! `status` are these functions.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use crate::lifecycle::Slot;
use crate::private::{Step, SyncParts};
use crate::{CleanupError, ComponentError, ComponentStatus, Failure, Health, InitError, Phase, State, Status, trace};

/// Whether a subscriber would record this lifecycle call's step events (asked once per call).
/// When not, the steps skip the events and the clock reads that only the events report: the
/// duration of a cleanup or of the register hook. `init` times are always taken, since the
/// status shows them. (Reading the clock costs as much as a trivial component's `cleanup`.)
#[inline]
fn traced() -> bool {
    #[cfg(feature = "tracing")]
    {
        tracing::level_enabled!(tracing::Level::WARN)
    }
    #[cfg(not(feature = "tracing"))]
    {
        false
    }
}

/// A start time for a step whose duration only tracing reports; `None` when not `traced`.
#[inline]
fn trace_clock(traced: bool) -> Option<Instant> {
    traced.then(Instant::now)
}

/// The time since a [`trace_clock`] start; zero when there was none (nothing will report it).
#[inline]
fn trace_elapsed(start: Option<Instant>) -> Duration {
    start.map(|start| start.elapsed()).unwrap_or_default()
}

/// Runs `step`, turning a panic into a [`ComponentError`].
pub(crate) fn guarded<R>(step: impl FnOnce() -> Result<R, ComponentError>) -> Result<R, ComponentError> {
    catch_unwind(AssertUnwindSafe(step)).unwrap_or_else(|payload| Err(ComponentError::from_panic(&*payload)))
}

/// `Orchestrator::initialize` of a derived orchestrator.
///
/// # Errors
/// The first failing (or panicking) `init` or register hook, with the rollback's errors.
pub fn initialize<T: SyncParts + ?Sized>(this: &mut T) -> Result<(), InitError> {
    if this.lifecycle().state() == State::Ready {
        return Ok(());
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
fn initialize_traced<T: SyncParts + ?Sized>(this: &mut T) -> Result<(), InitError> {
    let _span = trace::lifecycle(T::NAME, "initialize");
    init_steps(this, true)
}

/// [`initialize`]'s steps; `traced` is a constant at both call sites.
#[inline(always)]
fn init_steps<T: SyncParts + ?Sized>(this: &mut T, traced: bool) -> Result<(), InitError> {
    for index in 0..T::COMPONENTS.len() {
        let start = Instant::now();
        let result = guarded(|| this.step(index, Step::Init));
        let elapsed = start.elapsed();
        match result {
            Ok(()) => {
                *this.lifecycle_mut().slot_mut(index) = Slot { state: State::Ready, init_time: Some(elapsed) };
                if traced {
                    trace::step(T::NAME, name::<T>(index), Phase::Init, elapsed);
                }
            }
            Err(cause) => return Err(init_failed(this, index, elapsed, cause, traced)),
        }
    }
    let start = trace_clock(traced);
    this.lifecycle_mut().set_registering(true);
    let registered = guarded(|| this.register());
    this.lifecycle_mut().set_registering(false);
    if let Err(cause) = registered {
        return Err(register_failed(this, trace_elapsed(start), cause, traced));
    }
    this.lifecycle_mut().set_state(State::Ready);
    if traced {
        trace::finished(T::NAME, "initialize", true);
    }
    Ok(())
}

/// Component `index`'s name.
#[inline]
fn name<T: SyncParts + ?Sized>(index: usize) -> &'static str {
    T::COMPONENTS.get(index).copied().unwrap_or("?")
}

/// Component `index`'s `init` failed: rolls back the ones before it.
#[cold]
#[inline(never)]
fn init_failed<T: SyncParts + ?Sized>(
    this: &mut T,
    index: usize,
    elapsed: Duration,
    cause: ComponentError,
    traced: bool,
) -> InitError {
    this.lifecycle_mut().slot_mut(index).state = State::Failed;
    let name = name::<T>(index);
    trace::failed(T::NAME, name, Phase::Init, elapsed, &cause);
    fail(this, name, Phase::Init, cause, index, traced)
}

/// The register hook failed: rolls back every component.
#[cold]
#[inline(never)]
fn register_failed<T: SyncParts + ?Sized>(
    this: &mut T,
    elapsed: Duration,
    cause: ComponentError,
    traced: bool,
) -> InitError {
    trace::failed(T::NAME, T::REGISTER, Phase::Register, elapsed, &cause);
    fail(this, T::REGISTER, Phase::Register, cause, T::COMPONENTS.len(), traced)
}

/// Rolls back the first `initialized` components and builds the error.
fn fail<T: SyncParts + ?Sized>(
    this: &mut T,
    component: &'static str,
    phase: Phase,
    cause: ComponentError,
    initialized: usize,
    traced: bool,
) -> InitError {
    let rollback = clean_up(this, initialized, traced);
    this.lifecycle_mut().set_state(State::Failed);
    trace::finished(T::NAME, "initialize", false);
    InitError::new(T::NAME, component, phase, cause, rollback)
}

/// Cleans up, in reverse order, each of the first `count` components that is `Ready`; returns
/// the failures in cleanup order. (Always inlined: into `cleanup`, with `count` the constant
/// number of components, it unrolls to straight-line code; not inlined, it did not.)
#[inline(always)]
fn clean_up<T: SyncParts + ?Sized>(this: &mut T, count: usize, traced: bool) -> Vec<Failure> {
    let mut failures = Vec::new();
    // over all the components (a constant trip count, which the optimizer can unroll and
    // resolve `step`'s `match` in), skipping those from `count` on
    for index in (0..T::COMPONENTS.len()).rev() {
        if index >= count || this.lifecycle().component_state(index) != State::Ready {
            continue;
        }
        let start = trace_clock(traced);
        let state = match guarded(|| this.step(index, Step::Cleanup)) {
            Ok(()) => {
                if traced {
                    trace::step(T::NAME, name::<T>(index), Phase::Cleanup, trace_elapsed(start));
                }
                State::Stopped
            }
            Err(error) => {
                cleanup_failed::<T>(index, trace_elapsed(start), error, &mut failures);
                State::Failed
            }
        };
        this.lifecycle_mut().slot_mut(index).state = state;
    }
    failures
}

/// Component `index`'s `cleanup` failed: records it.
#[cold]
#[inline(never)]
fn cleanup_failed<T: SyncParts + ?Sized>(
    index: usize,
    elapsed: Duration,
    error: ComponentError,
    failures: &mut Vec<Failure>,
) {
    let name = name::<T>(index);
    trace::failed(T::NAME, name, Phase::Cleanup, elapsed, &error);
    failures.push(Failure { component: name, error });
}

/// `Orchestrator::cleanup` of a derived orchestrator.
///
/// # Errors
/// Every component whose `cleanup` failed or panicked; all the others still ran.
pub fn cleanup<T: SyncParts + ?Sized>(this: &mut T) -> Result<(), CleanupError> {
    if this.lifecycle().state() != State::Ready {
        return Ok(());
    }
    if traced() {
        return cleanup_traced(this);
    }
    cleanup_steps(this, false)
}

/// [`cleanup`] when [`traced`]: in its span, with the events (see [`initialize_traced`]).
#[inline(never)]
fn cleanup_traced<T: SyncParts + ?Sized>(this: &mut T) -> Result<(), CleanupError> {
    let _span = trace::lifecycle(T::NAME, "cleanup");
    cleanup_steps(this, true)
}

/// [`cleanup`]'s steps; `traced` is a constant at both call sites.
#[inline(always)]
fn cleanup_steps<T: SyncParts + ?Sized>(this: &mut T, traced: bool) -> Result<(), CleanupError> {
    let failures = clean_up(this, T::COMPONENTS.len(), traced);
    this.lifecycle_mut().set_state(State::Stopped);
    // `done` is an info event, skipped when not `traced`; `failed` is an error one, never
    if traced || !failures.is_empty() {
        trace::finished(T::NAME, "cleanup", failures.is_empty());
    }
    if failures.is_empty() { Ok(()) } else { Err(CleanupError::new(T::NAME, failures)) }
}

/// The `Drop` of an orchestrator with `#[orchestrator(cleanup_on_drop)]`: cleans up a `Ready`
/// orchestrator; errors are reported through `tracing` (there is no one to return them to).
pub fn drop_cleanup<T: SyncParts + ?Sized>(this: &mut T) {
    if let Err(error) = cleanup(this) {
        #[cfg(feature = "tracing")]
        tracing::error!(orchestrator = T::NAME, error = %error, "cleanup on drop failed");
        #[cfg(not(feature = "tracing"))]
        let _ = error;
    }
}

/// `Orchestrator::status` of a derived orchestrator.
pub fn status<T: SyncParts + ?Sized>(this: &T) -> Status {
    snapshot(T::NAME, T::COMPONENTS, T::TYPES, this.lifecycle(), this.config(), |index| {
        this.component(index).map(|component| component.health())
    })
}

/// The [`Status`] of an orchestrator from its parts, sync or async: `health(index)` asks
/// component `index`, only when it is `Ready`; a panic there shows as unhealthy.
pub(crate) fn snapshot(
    name: &'static str,
    components: &'static [&'static str],
    types: &'static [&'static str],
    lifecycle: &crate::Lifecycle,
    config: Option<&dyn core::fmt::Debug>,
    health: impl Fn(usize) -> Option<Health>,
) -> Status {
    let components = components
        .iter()
        .enumerate()
        .map(|(index, &name)| {
            let slot = lifecycle.slot(index);
            let health = match slot.state {
                State::Ready => catch_unwind(AssertUnwindSafe(|| health(index)))
                    .unwrap_or_else(|payload| {
                        Some(Health::Unhealthy(ComponentError::from_panic(&*payload).to_string()))
                    })
                    .unwrap_or(Health::Unknown),
                _ => Health::Unknown,
            };
            ComponentStatus {
                name,
                type_name: types.get(index).copied().unwrap_or("?"),
                state: slot.state,
                health,
                init_time: slot.init_time,
            }
        })
        .collect();
    Status { name, state: lifecycle.state(), components, config: config.map(|c| format!("{c:?}")) }
}
