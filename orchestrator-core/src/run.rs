//! The lifecycle, written once: every derived orchestrator's `initialize`, `cleanup` and
//! `status` are these functions.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

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
fn trace_elapsed(start: Option<Instant>) -> std::time::Duration {
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
    let _span = trace::lifecycle(T::NAME, "initialize");
    let traced = traced();
    for (index, &name) in T::COMPONENTS.iter().enumerate() {
        let start = Instant::now();
        let result = guarded(|| this.step(index, Step::Init));
        let elapsed = start.elapsed();
        let slot = this.lifecycle_mut().slot_mut(index);
        match result {
            Ok(()) => {
                *slot = crate::lifecycle::Slot { state: State::Ready, init_time: Some(elapsed) };
                if traced {
                    trace::step(T::NAME, name, Phase::Init, elapsed);
                }
            }
            Err(cause) => {
                slot.state = State::Failed;
                trace::failed(T::NAME, name, Phase::Init, elapsed, &cause);
                return Err(fail(this, name, Phase::Init, cause, index, traced));
            }
        }
    }
    let start = trace_clock(traced);
    if let Err(cause) = guarded(|| this.register()) {
        trace::failed(T::NAME, T::REGISTER, Phase::Register, trace_elapsed(start), &cause);
        return Err(fail(this, T::REGISTER, Phase::Register, cause, T::COMPONENTS.len(), traced));
    }
    this.lifecycle_mut().set_state(State::Ready);
    trace::finished(T::NAME, "initialize", true);
    Ok(())
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
/// the failures in cleanup order.
fn clean_up<T: SyncParts + ?Sized>(this: &mut T, count: usize, traced: bool) -> Vec<Failure> {
    let mut failures = Vec::new();
    for index in (0..count).rev() {
        if this.lifecycle().slot(index).state != State::Ready {
            continue;
        }
        let name = T::COMPONENTS.get(index).copied().unwrap_or("?");
        let start = trace_clock(traced);
        let result = guarded(|| this.step(index, Step::Cleanup));
        let elapsed = trace_elapsed(start);
        let slot = this.lifecycle_mut().slot_mut(index);
        match result {
            Ok(()) => {
                slot.state = State::Stopped;
                if traced {
                    trace::step(T::NAME, name, Phase::Cleanup, elapsed);
                }
            }
            Err(error) => {
                slot.state = State::Failed;
                trace::failed(T::NAME, name, Phase::Cleanup, elapsed, &error);
                failures.push(Failure { component: name, error });
            }
        }
    }
    failures
}

/// `Orchestrator::cleanup` of a derived orchestrator.
///
/// # Errors
/// Every component whose `cleanup` failed or panicked; all the others still ran.
pub fn cleanup<T: SyncParts + ?Sized>(this: &mut T) -> Result<(), CleanupError> {
    if this.lifecycle().state() != State::Ready {
        return Ok(());
    }
    let _span = trace::lifecycle(T::NAME, "cleanup");
    let failures = clean_up(this, T::COMPONENTS.len(), traced());
    this.lifecycle_mut().set_state(State::Stopped);
    trace::finished(T::NAME, "cleanup", failures.is_empty());
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
    let lifecycle = this.lifecycle();
    let components = T::COMPONENTS
        .iter()
        .enumerate()
        .map(|(index, &name)| {
            let slot = lifecycle.slot(index);
            let health = match (slot.state, this.component(index)) {
                (State::Ready, Some(component)) => catch_unwind(AssertUnwindSafe(|| component.health()))
                    .unwrap_or_else(|payload| Health::Unhealthy(ComponentError::from_panic(&*payload).to_string())),
                _ => Health::Unknown,
            };
            ComponentStatus {
                name,
                type_name: T::TYPES.get(index).copied().unwrap_or("?"),
                state: slot.state,
                health,
                init_time: slot.init_time,
            }
        })
        .collect();
    Status { name: T::NAME, state: lifecycle.state(), components, config: this.config().map(|c| format!("{c:?}")) }
}
