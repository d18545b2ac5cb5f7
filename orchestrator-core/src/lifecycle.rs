//! [`State`] and [`Lifecycle`]: the state an orchestrator keeps about itself and its components.

use core::fmt;
use std::time::Duration;

/// Where an orchestrator, or one of its components, is in its lifecycle.
///
/// ```text
/// Created --initialize--> Ready --cleanup--> Stopped --initialize--> Ready ...
///    \                      ^
///     `--initialize fails--> Failed --initialize--'
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum State {
    /// Built, never initialized.
    #[default]
    Created,
    /// Initialized: coordination methods may run.
    Ready,
    /// Cleaned up; `initialize()` starts it again.
    Stopped,
    /// Initialization failed and was rolled back (for a component: its `init` or `cleanup`
    /// failed); `initialize()` tries again.
    Failed,
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// What the lifecycle records of one component.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Slot {
    pub(crate) state: State,
    pub(crate) init_time: Option<Duration>,
}

/// Components whose records live inline in the [`Lifecycle`]; more spill to the heap once.
const INLINE: usize = 16;

/// The orchestrator's own state: a field of type `Lifecycle` in every derived orchestrator.
///
/// It records the orchestrator's [`State`] and, per component, its state and how long its
/// `init` took. It is built empty with `Lifecycle::default()` (the generated constructors do
/// this) and changed only by the lifecycle calls.
///
/// ```
/// use orchestrator_core::{Lifecycle, State};
/// let lifecycle = Lifecycle::default();
/// assert_eq!(lifecycle.state(), State::Created);
/// ```
#[derive(Clone, Default)]
pub struct Lifecycle {
    state: State,
    /// The register hook is running: every component is initialized, so coordination methods
    /// (which the hook may call) run although the state is not yet `Ready`.
    registering: bool,
    inline: [Slot; INLINE],
    spilled: Vec<Slot>,
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

    /// Whether coordination methods may run: the orchestrator is `Ready`, or its register hook
    /// is running (every component is initialized then).
    #[inline]
    pub(crate) fn accepts_calls(&self) -> bool {
        self.state == State::Ready || self.registering
    }

    pub(crate) fn set_registering(&mut self, registering: bool) {
        self.registering = registering;
    }

    pub(crate) fn set_state(&mut self, state: State) {
        self.state = state;
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
}

impl fmt::Debug for Lifecycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lifecycle").field("state", &self.state).finish_non_exhaustive()
    }
}
