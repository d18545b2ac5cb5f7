//! Tracing of lifecycle steps, compiled to nothing without the `tracing` feature.

use std::time::Duration;

use crate::{ComponentError, Phase};

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
    #[cfg(feature = "tracing")]
    match phase {
        Phase::Cleanup => {
            tracing::warn!(orchestrator, component, phase = %phase, elapsed_us = elapsed.as_micros() as u64, error = %error, panicked = error.is_panic(), "step failed")
        }
        _ => {
            tracing::error!(orchestrator, component, phase = %phase, elapsed_us = elapsed.as_micros() as u64, error = %error, panicked = error.is_panic(), "step failed")
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, component, phase, elapsed, error);
}

/// A lifecycle call's end.
pub(crate) fn finished(orchestrator: &'static str, call: &'static str, ok: bool) {
    #[cfg(feature = "tracing")]
    if ok {
        tracing::info!(orchestrator, call, "done");
    } else {
        tracing::error!(orchestrator, call, "failed");
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (orchestrator, call, ok);
}
