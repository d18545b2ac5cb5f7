//! Metrics of lifecycle steps through the [`metrics`](https://docs.rs/metrics) facade, compiled
//! to nothing without the `metrics` feature. Hooked where [`trace`](crate::trace) hooks
//! tracing; the recorder (a Prometheus exporter, StatsD, ...) is the application's choice.
//!
//! | name | kind | labels | what |
//! |---|---|---|---|
//! | `orchestrator_state` | gauge | `orchestrator`, `state` | 1 for the state the orchestrator is in after its last lifecycle call (`ready`, `failed`, `stopped`), 0 for the others |
//! | `orchestrator_component_up` | gauge | `orchestrator`, `component` | 1 once the component's `init` succeeded, 0 once it was cleaned up or failed |
//! | `orchestrator_step_duration_seconds` | histogram | `orchestrator`, `component`, `phase` | how long each `init` and `cleanup` took, failed or not |
//! | `orchestrator_step_failures_total` | counter | `orchestrator`, `component`, `phase` | steps that returned an error, panicked or timed out |
//! | `orchestrator_restarts_total` | counter | `orchestrator`, `component` | restarts of the component (with its dependents), supervised or asked for |
//! | `orchestrator_gave_up_total` | counter | `orchestrator`, `component` | supervised runs that gave up on the component |

use std::time::Duration;

use crate::Phase;

#[cfg(feature = "metrics")]
fn phase_label(phase: Phase) -> &'static str {
    match phase {
        Phase::Init => "init",
        Phase::Register => "register",
        Phase::Cleanup => "cleanup",
    }
}

/// One component step ended, `ok` or not, after `elapsed`.
#[inline]
pub(crate) fn step(orchestrator: &'static str, component: &'static str, phase: Phase, elapsed: Duration, ok: bool) {
    #[cfg(feature = "metrics")]
    {
        let phase_name = phase_label(phase);
        metrics::histogram!("orchestrator_step_duration_seconds", "orchestrator" => orchestrator, "component" => component, "phase" => phase_name)
            .record(elapsed.as_secs_f64());
        if !ok {
            metrics::counter!("orchestrator_step_failures_total", "orchestrator" => orchestrator, "component" => component, "phase" => phase_name)
                .increment(1);
        }
        if phase != Phase::Register {
            let up = if ok && phase == Phase::Init { 1.0 } else { 0.0 };
            metrics::gauge!("orchestrator_component_up", "orchestrator" => orchestrator, "component" => component)
                .set(up);
        }
    }
    #[cfg(not(feature = "metrics"))]
    let _ = (orchestrator, component, phase, elapsed, ok);
}

/// A lifecycle call (`initialize`, `cleanup`) ended.
#[inline]
pub(crate) fn finished(orchestrator: &'static str, call: &'static str, ok: bool) {
    #[cfg(feature = "metrics")]
    {
        let now = match (call, ok) {
            ("initialize", true) => "ready",
            ("initialize", false) => "failed",
            _ => "stopped",
        };
        state(orchestrator, now);
    }
    #[cfg(not(feature = "metrics"))]
    let _ = (orchestrator, call, ok);
}

#[cfg(feature = "metrics")]
fn state(orchestrator: &'static str, now: &'static str) {
    for state in ["ready", "failed", "stopped"] {
        let value = if state == now { 1.0 } else { 0.0 };
        metrics::gauge!("orchestrator_state", "orchestrator" => orchestrator, "state" => state).set(value);
    }
}

/// A component and its dependents were restarted: the orchestrator is ready again.
#[inline]
pub(crate) fn restarted(orchestrator: &'static str, component: &'static str) {
    #[cfg(feature = "metrics")]
    {
        metrics::counter!("orchestrator_restarts_total", "orchestrator" => orchestrator, "component" => component)
            .increment(1);
        state(orchestrator, "ready");
    }
    #[cfg(not(feature = "metrics"))]
    let _ = (orchestrator, component);
}

/// A supervised run gave up on a component.
#[inline]
#[allow(dead_code)]
pub(crate) fn gave_up(orchestrator: &'static str, component: &'static str) {
    #[cfg(feature = "metrics")]
    metrics::counter!("orchestrator_gave_up_total", "orchestrator" => orchestrator, "component" => component)
        .increment(1);
    #[cfg(not(feature = "metrics"))]
    let _ = (orchestrator, component);
}
