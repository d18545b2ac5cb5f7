//! Tracing of lifecycle steps, compiled to nothing without the `tracing` feature. Each hook
//! also feeds [`metrics`](crate::metrics) (nothing without the `metrics` feature).

use core::future::Future;
use std::time::{Duration, Instant};

use crate::{ComponentError, Phase};

/// Whether a subscriber would record this lifecycle call's step events (asked once per call),
/// or the `metrics` feature records every step. When not, the steps skip the events and the
/// clock reads that only the events report: the duration of a cleanup or of the register hook.
/// `init` times are always taken, since the status shows them. (Reading the clock costs as
/// much as a trivial component's `cleanup`.)
#[inline]
pub(crate) fn traced() -> bool {
    #[cfg(feature = "metrics")]
    {
        true
    }
    #[cfg(all(feature = "tracing", not(feature = "metrics")))]
    {
        tracing::level_enabled!(tracing::Level::WARN)
    }
    #[cfg(not(any(feature = "tracing", feature = "metrics")))]
    {
        false
    }
}

/// A start time for a step whose duration only tracing reports; `None` when not `traced`.
#[inline]
pub(crate) fn trace_clock(traced: bool) -> Option<Instant> {
    traced.then(Instant::now)
}

/// The time since a [`trace_clock`] start; zero when there was none (nothing will report it).
#[inline]
pub(crate) fn trace_elapsed(start: Option<Instant>) -> Duration {
    start.map(|start| start.elapsed()).unwrap_or_default()
}

/// `future` (an async lifecycle call) inside its `lifecycle` span, entered on each poll.
/// Inlined, so that the future is built in place rather than moved into the wrapper.
#[cfg(feature = "tracing")]
#[inline(always)]
pub(crate) fn instrument<F: Future>(
    orchestrator: &'static str,
    call: &'static str,
    future: F,
) -> impl Future<Output = F::Output> {
    tracing::Instrument::instrument(future, tracing::info_span!("lifecycle", orchestrator, call))
}

/// Without the `tracing` feature: `future` itself.
#[cfg(not(feature = "tracing"))]
#[inline(always)]
pub(crate) fn instrument<F: Future>(orchestrator: &'static str, call: &'static str, future: F) -> F {
    let _ = (orchestrator, call);
    future
}

#[cfg(feature = "tracing")]
pub(crate) type Span = tracing::span::EnteredSpan;
/// Without the `tracing` feature a span is nothing at all.
#[cfg(not(feature = "tracing"))]
pub(crate) struct Span;

/// A span for one lifecycle call (`initialize`, `cleanup`) of one orchestrator.
pub(crate) fn lifecycle(orchestrator: &'static str, call: &'static str) -> Span {
    #[cfg(feature = "tracing")]
    {
        tracing::info_span!("lifecycle", orchestrator, call).entered()
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = (orchestrator, call);
        Span
    }
}

/// One component step that succeeded.
pub(crate) fn step(orchestrator: &'static str, component: &'static str, phase: Phase, elapsed: Duration) {
    crate::metrics::step(orchestrator, component, phase, elapsed, true);
    #[cfg(feature = "tracing")]
    tracing::debug!(orchestrator, component, phase = %phase, elapsed_us = elapsed.as_micros() as u64, "step done");
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, component, phase, elapsed);
}

/// One component step that failed or panicked.
pub(crate) fn failed(
    orchestrator: &'static str,
    component: &'static str,
    phase: Phase,
    elapsed: Duration,
    error: &ComponentError,
) {
    crate::metrics::step(orchestrator, component, phase, elapsed, false);
    #[cfg(feature = "tracing")]
    match phase {
        Phase::Cleanup => {
            tracing::warn!(orchestrator, component, phase = %phase, elapsed_us = elapsed.as_micros() as u64, error = %crate::panic::Shown::display(error), panicked = error.is_panic(), "step failed")
        }
        _ => {
            tracing::error!(orchestrator, component, phase = %phase, elapsed_us = elapsed.as_micros() as u64, error = %crate::panic::Shown::display(error), panicked = error.is_panic(), "step failed")
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, component, phase, elapsed, error);
}

/// A lifecycle call's end.
pub(crate) fn finished(orchestrator: &'static str, call: &'static str, ok: bool) {
    crate::metrics::finished(orchestrator, call, ok);
    #[cfg(feature = "tracing")]
    if ok {
        tracing::info!(orchestrator, call, "done");
    } else {
        tracing::error!(orchestrator, call, "failed");
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, call, ok);
}

/// The cleanup of a `cleanup_on_drop` orchestrator failed: there is no caller to return it to.
pub(crate) fn drop_cleanup_failed(orchestrator: &'static str, error: &dyn core::fmt::Display) {
    #[cfg(feature = "tracing")]
    tracing::error!(orchestrator, error = %crate::panic::Shown::display(error), "cleanup on drop failed");
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, error);
}

/// Leftovers of an interrupted call could not all be cleaned up before a new `initialize()`.
pub(crate) fn leftovers_failed(orchestrator: &'static str, count: usize) {
    #[cfg(feature = "tracing")]
    tracing::warn!(orchestrator, failures = count, "cleanup of an interrupted call's leftovers failed");
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, count);
}

/// A deadline could not be enforced (no tokio timer here): the call goes on without it.
#[allow(dead_code)]
pub(crate) fn no_timer(orchestrator: &'static str, call: &'static str) {
    #[cfg(feature = "tracing")]
    tracing::error!(orchestrator, call, "no tokio timer in this context: the deadline is not enforced");
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, call);
}

/// A component and its dependents were restarted.
pub(crate) fn restarted(orchestrator: &'static str, component: &'static str, count: usize) {
    crate::metrics::restarted(orchestrator, component);
    #[cfg(feature = "tracing")]
    tracing::info!(orchestrator, component, restarted = count, "restarted");
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, component, count);
}

/// A supervised run restarts an unhealthy component after its backoff delay.
#[allow(dead_code)]
pub(crate) fn supervised_restart(
    orchestrator: &'static str,
    component: &'static str,
    health: &crate::Health,
    delay: Duration,
) {
    #[cfg(feature = "tracing")]
    tracing::warn!(orchestrator, component, health = %health, delay_ms = delay.as_millis() as u64, "restarting an unhealthy component");
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, component, health, delay);
}

/// A supervised run spent its restart budget and gives up.
#[allow(dead_code)]
pub(crate) fn gave_up(orchestrator: &'static str, component: &'static str, restarts: u32, window: Duration) {
    crate::metrics::gave_up(orchestrator, component);
    #[cfg(feature = "tracing")]
    tracing::error!(orchestrator, component, restarts, window_ms = window.as_millis() as u64, "supervision gave up");
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, component, restarts, window);
}

/// A call through a client ended (`error`: how it failed, if it did).
#[cfg(feature = "tokio")]
#[inline]
pub(crate) fn call_panicked(orchestrator: &'static str, method: &'static str, error: Option<&crate::CallError>) {
    #[cfg(feature = "tracing")]
    if let Some(error) = error {
        tracing::error!(orchestrator, method, error = %error, "coordination call panicked");
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, method, error);
}

/// An event handler returned an error.
#[cfg(feature = "tokio")]
#[inline]
pub(crate) fn handler_failed(orchestrator: &'static str, method: &'static str, error: &dyn core::fmt::Display) {
    #[cfg(feature = "tracing")]
    tracing::error!(orchestrator, method, error = %crate::panic::Shown::display(error), "event handler failed");
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, method, error);
}
