//! Per-component timeouts of the async lifecycle: [`TimedOut`], and the wrapping of a step's
//! future, done with tokio's timer behind the `tokio` feature.

use core::fmt;

use super::component::BoxFuture;
use crate::ComponentError;

/// The cause of a component step that did not finish within its `timeout_ms`: the init counts
/// as failed (and the orchestrator rolls back), the cleanup as a cleanup failure. The step's
/// future is dropped, so it does not go on in the background.
///
/// Timeouts need the `tokio` feature, and the orchestrator must then run inside a tokio runtime
/// with its timer enabled (`#[tokio::main]`, `#[tokio::test]`, or a runtime built with
/// `enable_time()`).
///
/// ```
/// use orchestrator_core::{ComponentError, TimedOut};
/// let err = ComponentError::new(TimedOut::new(250));
/// assert_eq!(err.to_string(), "timed out after 250 ms");
/// assert_eq!(err.downcast_ref::<TimedOut>().unwrap().ms(), 250);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOut {
    ms: u64,
}

impl TimedOut {
    /// A timeout of `ms` milliseconds that passed.
    #[must_use]
    pub fn new(ms: u64) -> Self {
        Self { ms }
    }

    /// The timeout, in milliseconds.
    #[must_use]
    pub fn ms(&self) -> u64 {
        self.ms
    }
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timed out after {} ms", self.ms)
    }
}

impl std::error::Error for TimedOut {}

/// `true` when this build supports `timeout_ms` (the `tokio` feature is on). The derive can
/// emit `const _: () = assert!(__private::TIMEOUTS_SUPPORTED, "...")` when a component has a
/// timeout, to make the missing feature a compile error.
pub const TIMEOUTS_SUPPORTED: bool = cfg!(feature = "tokio");

/// The future of one step, failing with [`TimedOut`] past `ms` milliseconds.
#[cfg(feature = "tokio")]
pub(crate) fn with_timeout<'a>(
    step: BoxFuture<'a, Result<(), ComponentError>>,
    ms: u64,
) -> BoxFuture<'a, Result<(), ComponentError>> {
    Box::pin(async move {
        // Built here, on the first poll, so that "no tokio runtime" panics inside the join,
        // where it becomes this component's error.
        match tokio::time::timeout(core::time::Duration::from_millis(ms), step).await {
            Ok(result) => result,
            Err(_) => Err(ComponentError::new(TimedOut::new(ms))),
        }
    })
}

/// Without the `tokio` feature, a step with a timeout does not run: it fails, saying why.
#[cfg(not(feature = "tokio"))]
pub(crate) fn with_timeout<'a>(
    step: BoxFuture<'a, Result<(), ComponentError>>,
    ms: u64,
) -> BoxFuture<'a, Result<(), ComponentError>> {
    drop(step);
    Box::pin(core::future::ready(Err(ComponentError::msg(format!(
        "timeout_ms = {ms} needs the `tokio` feature of orchestrator"
    )))))
}
