//! [`State`]: where an orchestrator, or one of its components, is in its lifecycle.

use core::fmt;

/// Where an orchestrator, or one of its components, is in its lifecycle.
///
/// ```text
/// Created --initialize--> Starting --> Ready --cleanup--> Stopping --> Stopped --initialize--> ...
///                            \
///                             `--init or register hook fails--> (rollback) --> Failed --initialize--> ...
/// ```
///
/// `Starting` and `Stopping` last while `initialize()` / `cleanup()` runs. An orchestrator seen
/// in one of them from outside that call was interrupted: its `initialize()` or `cleanup()`
/// future was dropped at an `.await` (a `select!`, an outer timeout). The state still tells the
/// truth then: `cleanup()` releases every component that is initialized, `initialize()` first
/// finishes that release and then starts every component once, and coordination methods are
/// refused until the orchestrator is `Ready` again. For a component, `Starting` means its `init`
/// was interrupted (it counts as not initialized) and `Stopping` that its `cleanup` was (it
/// counts as still initialized, and the next `cleanup()` runs it again).
///
/// With the `serde` feature it implements `Serialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum State {
    /// Built, never initialized.
    #[default]
    Created,
    /// `initialize()` is running, or was interrupted.
    Starting,
    /// Initialized: coordination methods may run.
    Ready,
    /// `cleanup()` is running, or was interrupted.
    Stopping,
    /// Cleaned up; `initialize()` starts it again.
    Stopped,
    /// Initialization failed and was rolled back (for a component: its `init` or `cleanup`
    /// failed, panicked or timed out); `initialize()` tries again.
    Failed,
}

impl State {
    /// Whether a component in this state holds what its `init` acquired, so that its `cleanup`
    /// must still run: `Ready`, or `Stopping` (its `cleanup` was interrupted).
    #[inline]
    pub(crate) fn needs_cleanup(self) -> bool {
        matches!(self, State::Ready | State::Stopping)
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}
