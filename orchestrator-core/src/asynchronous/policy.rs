//! [`RestartPolicy`]: which components restart with one that is restarted.

/// Which components restart with one that is restarted, after Erlang/OTP's restart
/// strategies: see [`Orchestrator::restart_with`](crate::Orchestrator::restart_with),
/// [`AsyncOrchestrator::restart_with`](crate::AsyncOrchestrator::restart_with) and
/// `Supervision` (the `tokio` feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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

impl RestartPolicy {
    /// Which components of `graph` restart with component `target`, as a mask in
    /// initialization order.
    pub(crate) fn mask(self, graph: &crate::Graph, target: usize) -> Vec<bool> {
        let count = graph.components().len();
        match self {
            RestartPolicy::WithDependents => graph.dependents(target),
            RestartPolicy::Component => (0..count).map(|index| index == target).collect(),
            RestartPolicy::All => vec![true; count],
        }
    }
}
