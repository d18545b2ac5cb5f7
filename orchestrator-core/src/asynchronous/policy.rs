//! [`RestartPolicy`]: which components restart with one that is restarted.

/// Which components restart with one that is restarted, after Erlang/OTP's restart
/// strategies: see [`AsyncOrchestrator::restart_with`](crate::AsyncOrchestrator::restart_with) and `Supervision` (the `tokio` feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RestartPolicy {
    /// The component alone (OTP's `one_for_one`).
    Component,
    /// The component and every component that depends on it, directly or through others
    /// (what OTP's `rest_for_one` approximates by list order; here exactly the dependency
    /// graph's dependents). The default.
    #[default]
    WithDependents,
    /// Every component (OTP's `one_for_all`).
    All,
}
