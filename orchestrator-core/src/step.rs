//! What the sync and the async lifecycle share, written once: recording a step's outcome in
//! the [`Lifecycle`] the moment it is known, and the errors a lifecycle call ends with.

use std::time::Duration;

use crate::{
    CleanupError, ComponentError, Failure, InitError, LastFailure, Lifecycle, Phase, Reentrant, RestartError, State,
    trace,
};

/// The names an orchestrator's lifecycle reports with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Names {
    /// The orchestrator's name.
    pub(crate) orchestrator: &'static str,
    /// The components' names, in initialization order.
    pub(crate) components: &'static [&'static str],
    /// The register hook's name.
    pub(crate) register: &'static str,
}

impl Names {
    /// Component `index`'s name (`"?"` past the end).
    #[inline]
    pub(crate) fn component(&self, index: usize) -> &'static str {
        self.components.get(index).copied().unwrap_or("?")
    }
}

/// Component `index`'s `init` succeeded. (The live view, if any, is not told here: the sync
/// lifecycle publishes at the start and the end of each call, the async one after each step.)
#[inline(always)]
pub(crate) fn init_done(lifecycle: &mut Lifecycle, names: &Names, index: usize, elapsed: Duration, traced: bool) {
    let slot = lifecycle.slot_mut(index);
    slot.state = State::Ready;
    slot.init_time = Some(elapsed);
    if traced {
        trace::step(names.orchestrator, names.component(index), Phase::Init, elapsed);
    }
}

/// Component `index`'s `cleanup` succeeded.
#[inline(always)]
pub(crate) fn cleanup_done(lifecycle: &mut Lifecycle, names: &Names, index: usize, elapsed: Duration, traced: bool) {
    lifecycle.slot_mut(index).state = State::Stopped;
    if traced {
        trace::step(names.orchestrator, names.component(index), Phase::Cleanup, elapsed);
    }
}

/// Component `index`'s `init` or `cleanup` failed (returned an error, panicked or timed out):
/// the component is `Failed`, the failure is traced and, if it is the call's first, becomes
/// the orchestrator's last failure.
#[cold]
#[inline(never)]
pub(crate) fn step_failed(
    lifecycle: &mut Lifecycle,
    names: &Names,
    index: usize,
    phase: Phase,
    elapsed: Duration,
    error: &ComponentError,
) {
    lifecycle.slot_mut(index).state = State::Failed;
    let component = names.component(index);
    trace::failed(names.orchestrator, component, phase, elapsed, error);
    lifecycle.record_failure(|| LastFailure::new(component, phase, error));
    lifecycle.publish();
}

/// The register hook failed: traced, and the orchestrator's last failure.
#[cold]
#[inline(never)]
pub(crate) fn hook_failed(lifecycle: &mut Lifecycle, names: &Names, elapsed: Duration, error: &ComponentError) {
    trace::failed(names.orchestrator, names.register, Phase::Register, elapsed, error);
    lifecycle.set_last_failure(LastFailure::new(names.register, Phase::Register, error));
}

/// How a failed `initialize()` ends, once its rollback is done: the orchestrator is `Failed`,
/// its last failure is the cause, the rows of the components this attempt never reached are
/// fresh, and the error is built.
#[cold]
#[inline(never)]
pub(crate) fn init_failed(
    lifecycle: &mut Lifecycle,
    names: &Names,
    failed: Failure,
    phase: Phase,
    also_failed: Vec<Failure>,
    rollback: Vec<Failure>,
    reached: usize,
) -> InitError {
    lifecycle.reset_slots_from(reached, names.components.len());
    lifecycle.set_last_failure(LastFailure::new(failed.component, phase, &failed.error));
    lifecycle.set_state(State::Failed);
    trace::finished(names.orchestrator, "initialize", false);
    InitError::new(names.orchestrator, failed.component, phase, failed.error, rollback).with_also_failed(also_failed)
}

/// How a `cleanup()` with failures ends: its last failure is the first of `failures` (in
/// cleanup order), and the error is built.
#[cold]
#[inline(never)]
pub(crate) fn cleanup_failed(lifecycle: &mut Lifecycle, names: &Names, failures: Vec<Failure>) -> CleanupError {
    if let Some(first) = failures.first() {
        lifecycle.set_last_failure(LastFailure::new(first.component, Phase::Cleanup, &first.error));
        lifecycle.publish();
    }
    CleanupError::new(names.orchestrator, failures)
}

/// `initialize()` called while a transition of the same orchestrator runs (from its register
/// hook): refused, nothing changes.
#[cold]
pub(crate) fn reentrant_initialize(lifecycle: &Lifecycle, names: &Names) -> InitError {
    let error = ComponentError::new(Reentrant::new(names.orchestrator, "initialize", running(lifecycle)));
    InitError::new(names.orchestrator, names.register, Phase::Register, error, Vec::new())
}

/// `cleanup()` called while a transition of the same orchestrator runs: refused, nothing
/// changes.
#[cold]
pub(crate) fn reentrant_cleanup(lifecycle: &Lifecycle, names: &Names) -> CleanupError {
    let error = ComponentError::new(Reentrant::new(names.orchestrator, "cleanup", running(lifecycle)));
    CleanupError::new(names.orchestrator, vec![Failure { component: names.register, error }])
}

/// The component `restart(name)` names, by its index in initialization order, if the
/// orchestrator can restart it now: an unknown name, or a state other than `Ready`, is refused
/// and changes nothing.
pub(crate) fn restart_target(lifecycle: &Lifecycle, names: &Names, name: &str) -> Result<usize, RestartError> {
    let target = crate::name::find(names.components, name).map_err(|closest| RestartError::UnknownComponent {
        orchestrator: names.orchestrator,
        name: name.to_owned(),
        closest,
    })?;
    match lifecycle.state() {
        State::Ready => Ok(target),
        state => Err(RestartError::Unavailable { orchestrator: names.orchestrator, state }),
    }
}

/// How a restart whose components all initialized again ends: `Ready`, and the cleanup
/// failures met on the way, if any, as its error.
pub(crate) fn restarted(
    lifecycle: &mut Lifecycle,
    names: &Names,
    target: usize,
    set: &[bool],
    failures: Vec<Failure>,
) -> Result<(), RestartError> {
    lifecycle.set_state(State::Ready);
    trace::restarted(names.orchestrator, names.component(target), set.iter().filter(|&&picked| picked).count());
    if failures.is_empty() { Ok(()) } else { Err(RestartError::Cleanup(cleanup_failed(lifecycle, names, failures))) }
}

fn running(lifecycle: &Lifecycle) -> &'static str {
    match lifecycle.state() {
        State::Stopping => "cleanup",
        _ => "initialize",
    }
}
