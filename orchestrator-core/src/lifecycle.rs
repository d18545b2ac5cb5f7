//! [`Lifecycle`]: the state an orchestrator keeps about itself and its components.

use core::fmt;
use std::time::Duration;

use crate::error::LastFailure;
use crate::live::StatusHandle;
use crate::state::State;

/// What the lifecycle records of one component.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Slot {
    pub(crate) state: State,
    /// How many times `restart` initialized it again (kept across `initialize()` attempts).
    pub(crate) restarts: u32,
    pub(crate) init_time: Option<Duration>,
}

/// Components whose records live inline in the [`Lifecycle`]; more spill to the heap once.
const INLINE: usize = 16;

/// Whether the register hook is running, and how its end is known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Hook {
    /// Not running.
    #[default]
    Idle,
    /// A sync hook is running: it cannot be interrupted, so the flag is exact.
    Sync,
    /// An async hook was started and has not finished. Its future may have been dropped, so
    /// it runs only while [`hook_scope`](crate::hook_scope) says it is being polled.
    Async,
}

/// The run-time limits of one orchestrator's lifecycle calls (async orchestrators, with the
/// `tokio` feature): see [`AsyncOrchestrator::set_timeout`](crate::AsyncOrchestrator::set_timeout).
#[derive(Debug, Clone, Default)]
pub(crate) struct Limits {
    /// The deadline of a whole `initialize()`, from its start.
    pub(crate) initialize: Option<Duration>,
    /// The deadline of a whole `cleanup()` (and of a rollback), from its start.
    pub(crate) cleanup: Option<Duration>,
    /// Per-component timeouts set at run time, overriding `timeout_ms`: `(index, timeout)`.
    pub(crate) components: Vec<(usize, Option<Duration>)>,
}

/// The orchestrator's own state: a field of type `Lifecycle` in every derived orchestrator.
///
/// It records the orchestrator's [`State`], per component its state and how long its `init`
/// took, the last failure, and the run-time limits of an async orchestrator. It is built empty
/// with `Lifecycle::default()` (the generated constructors do this) and changed only by the
/// lifecycle calls.
///
/// ```
/// use orchestrator::{Lifecycle, State};
/// let lifecycle = Lifecycle::default();
/// assert_eq!(lifecycle.state(), State::Created);
/// ```
#[derive(Default)]
pub struct Lifecycle {
    state: State,
    hook: Hook,
    inline: [Slot; INLINE],
    spilled: Vec<Slot>,
    last_failure: Option<LastFailure>,
    /// The running call has recorded its first failure as the last failure.
    failure_recorded: bool,
    pub(crate) limits: Limits,
    /// The live view, once a [`StatusHandle`] was taken.
    live: Option<StatusHandle>,
}

impl Clone for Lifecycle {
    /// A copy of the records and limits; the copy has no live view of its own yet (a handle
    /// belongs to one orchestrator).
    fn clone(&self) -> Self {
        Self {
            state: self.state,
            hook: self.hook,
            inline: self.inline,
            spilled: self.spilled.clone(),
            last_failure: self.last_failure.clone(),
            failure_recorded: self.failure_recorded,
            limits: self.limits.clone(),
            live: None,
        }
    }
}

impl Lifecycle {
    /// A lifecycle in [`State::Created`]; the same as `Lifecycle::default()`.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The orchestrator's state.
    #[must_use]
    pub fn state(&self) -> State {
        self.state
    }

    /// The last failure of a lifecycle call: the component (or register hook), the phase and
    /// the error's message. Kept until the next failure.
    #[must_use]
    pub fn last_failure(&self) -> Option<&LastFailure> {
        self.last_failure.as_ref()
    }

    /// Whether coordination methods may run: the orchestrator is `Ready`, or its register hook
    /// is running right now (every component is initialized then, and the hook may call them).
    #[inline]
    pub(crate) fn accepts_calls(&self) -> bool {
        self.state == State::Ready || self.hook_running()
    }

    /// Whether the register hook is running right now (not merely started and interrupted).
    #[inline]
    pub(crate) fn hook_running(&self) -> bool {
        match self.hook {
            Hook::Idle => false,
            Hook::Sync => true,
            Hook::Async => crate::hook_scope::is_polling(self.key()),
        }
    }

    /// This lifecycle's identity while it is borrowed: its address (it cannot move while a
    /// lifecycle call borrows the orchestrator).
    #[inline]
    pub(crate) fn key(&self) -> usize {
        core::ptr::from_ref(self) as usize
    }

    pub(crate) fn set_hook(&mut self, running: bool, asynchronous: bool) {
        self.hook = match (running, asynchronous) {
            (false, _) => Hook::Idle,
            (true, false) => Hook::Sync,
            (true, true) => Hook::Async,
        };
    }

    #[inline]
    pub(crate) fn set_state(&mut self, state: State) {
        self.state = state;
        self.publish();
    }

    /// A lifecycle call begins its work: the orchestrator is `Starting` or `Stopping`, and the
    /// call's first failure will be the last failure.
    #[inline]
    pub(crate) fn begin(&mut self, state: State) {
        self.state = state;
        self.failure_recorded = false;
        self.publish();
    }

    /// The live view of this orchestrator, created on the first call: `name` and `components`
    /// (in initialization order) label it.
    pub(crate) fn status_handle(&mut self, name: &'static str, components: &[&'static str]) -> StatusHandle {
        if let Some(handle) = &self.live {
            return handle.clone();
        }
        let handle = StatusHandle::detached(name, components);
        self.publish_to(&handle);
        self.live = Some(handle.clone());
        handle
    }

    /// The live view, if a handle was taken.
    #[inline]
    pub(crate) fn live(&self) -> Option<&StatusHandle> {
        self.live.as_ref()
    }

    /// Writes the records into the live view, if there is one.
    #[inline]
    pub(crate) fn publish(&self) {
        if let Some(live) = &self.live {
            self.publish_to(live);
        }
    }

    /// Writes component `index`'s record into the live view, if there is one: what a finished
    /// step publishes, O(1) whatever the number of components.
    #[inline]
    pub(crate) fn publish_step(&self, index: usize) {
        if let Some(live) = &self.live {
            self.publish_row(live, index);
        }
    }

    #[cold]
    #[inline(never)]
    fn publish_row(&self, live: &StatusHandle, index: usize) {
        let slot = self.slot(index);
        live.row(index, slot.state, slot.restarts);
    }

    /// Copies the records into `live`.
    #[cold]
    #[inline(never)]
    fn publish_to(&self, live: &StatusHandle) {
        live.rows(|view| {
            view.state = self.state;
            for (index, component) in view.components.iter_mut().enumerate() {
                let slot = self.slot(index);
                if slot.state != State::Ready {
                    component.health = crate::Health::Unknown;
                }
                component.state = slot.state;
                component.restarts = slot.restarts;
            }
            if view.last_failure.as_ref() != self.last_failure.as_ref() {
                view.last_failure.clone_from(&self.last_failure);
            }
        });
    }

    /// Records the running call's first failure as the last failure (later ones of the same
    /// call, such as a rollback's, do not replace it).
    #[cold]
    pub(crate) fn record_failure(&mut self, failure: impl FnOnce() -> LastFailure) {
        if !self.failure_recorded {
            self.failure_recorded = true;
            self.last_failure = Some(failure());
        }
    }

    /// Makes `failure` the last failure: the cause a call returns.
    #[cold]
    pub(crate) fn set_last_failure(&mut self, failure: LastFailure) {
        self.failure_recorded = true;
        self.last_failure = Some(failure);
    }

    /// Forgets the per-component records from `from` on (an earlier attempt's rows, which are
    /// not part of the current one).
    #[cold]
    pub(crate) fn reset_slots_from(&mut self, from: usize, count: usize) {
        for index in from..count {
            let slot = self.slot_mut(index);
            *slot = Slot { restarts: slot.restarts, ..Slot::default() };
        }
        // the steps that follow publish only their own rows
        self.publish();
    }

    /// The record of component `index` (initialization order); a default one past the end.
    #[inline]
    pub(crate) fn slot(&self, index: usize) -> Slot {
        match self.inline.get(index) {
            Some(slot) => *slot,
            None => self.spilled(index),
        }
    }

    /// The state of component `index`: `slot(index).state` without copying the whole record.
    #[inline]
    pub(crate) fn component_state(&self, index: usize) -> State {
        match self.inline.get(index) {
            Some(slot) => slot.state,
            None => self.spilled(index).state,
        }
    }

    /// Whether any of the first `count` components still needs its `cleanup`.
    pub(crate) fn any_needs_cleanup(&self, count: usize) -> bool {
        (0..count).any(|index| self.component_state(index).needs_cleanup())
    }

    /// The record of component `index`, mutably (spilling to the heap past [`INLINE`]). The
    /// inline case is the only one an orchestrator of at most [`INLINE`] components reaches,
    /// and it inlines into the lifecycle loops; the spill path stays out of line.
    #[inline]
    pub(crate) fn slot_mut(&mut self, index: usize) -> &mut Slot {
        if index < INLINE { &mut self.inline[index] } else { self.spilled_mut(index - INLINE) }
    }

    #[cold]
    #[inline(never)]
    fn spilled(&self, index: usize) -> Slot {
        self.spilled.get(index - INLINE).copied().unwrap_or_default()
    }

    #[cold]
    #[inline(never)]
    fn spilled_mut(&mut self, i: usize) -> &mut Slot {
        if self.spilled.len() <= i {
            self.spilled.resize(i + 1, Slot::default());
        }
        &mut self.spilled[i]
    }

    /// Counts a restart of component `index` (saturating: a counter at its maximum stays there).
    pub(crate) fn count_restart(&mut self, index: usize) {
        let slot = self.slot_mut(index);
        slot.restarts = slot.restarts.saturating_add(1);
    }

    /// The async lifecycle's [`begin`](Self::begin): its steps publish their own rows as they
    /// start and finish ([`publish_step`](Self::publish_step)), so a call's start and end write
    /// only the state and the last failure into the live view, O(1) whatever the number of
    /// components.
    #[inline]
    pub(crate) fn begin_async(&mut self, state: State) {
        self.state = state;
        self.failure_recorded = false;
        self.publish_state(false);
    }

    /// The async lifecycle's [`set_state`](Self::set_state) (see [`begin_async`](Self::begin_async)).
    #[inline]
    pub(crate) fn set_state_async(&mut self, state: State) {
        self.state = state;
        self.publish_state(false);
    }

    /// The async lifecycle's [`started`](Self::started) (see [`begin_async`](Self::begin_async)).
    #[inline]
    pub(crate) fn started_async(&mut self) {
        self.state = State::Ready;
        self.publish_state(true);
    }

    /// Writes the state and the last failure into the live view, if there is one (and lowers
    /// `gave_up` when `started`).
    #[inline]
    fn publish_state(&self, started: bool) {
        if let Some(live) = &self.live {
            self.publish_state_to(live, started);
        }
    }

    #[cold]
    #[inline(never)]
    fn publish_state_to(&self, live: &StatusHandle, started: bool) {
        live.update(|view| {
            view.state = self.state;
            if started {
                view.gave_up = false;
            }
            if view.last_failure.as_ref() != self.last_failure.as_ref() {
                view.last_failure.clone_from(&self.last_failure);
            }
        });
    }

    /// `initialize()` succeeded: the orchestrator is `Ready`, and a supervision that gave up
    /// on an earlier run no longer speaks for it.
    pub(crate) fn started(&mut self) {
        self.state = State::Ready;
        if let Some(live) = &self.live {
            live.update(|view| view.gave_up = false);
        }
        self.publish();
    }

    /// The run-time timeout of component `index`: `Some(t)` when one was set at run time
    /// (`t` itself `None` when it was removed), else `None` (the compile-time `timeout_ms`).
    pub(crate) fn component_timeout(&self, index: usize) -> Option<Option<Duration>> {
        self.limits.components.iter().find(|(i, _)| *i == index).map(|(_, timeout)| *timeout)
    }

    pub(crate) fn set_component_timeout(&mut self, index: usize, timeout: Option<Duration>) {
        match self.limits.components.iter_mut().find(|(i, _)| *i == index) {
            Some(entry) => entry.1 = timeout,
            None => self.limits.components.push((index, timeout)),
        }
    }
}

/// The orchestrator is gone: its live view, if a handle was taken, says so (not ready, not
/// live) from now on.
impl Drop for Lifecycle {
    fn drop(&mut self) {
        if let Some(live) = &self.live {
            live.gone(std::thread::panicking());
        }
    }
}

impl fmt::Debug for Lifecycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lifecycle")
            .field("state", &self.state)
            .field("last_failure", &self.last_failure)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restart_counter_saturates() {
        let mut lifecycle = Lifecycle::default();
        for index in [0, INLINE + 3] {
            lifecycle.slot_mut(index).restarts = u32::MAX - 1;
            lifecycle.count_restart(index);
            lifecycle.count_restart(index);
            assert_eq!(lifecycle.slot(index).restarts, u32::MAX);
        }
    }
}
