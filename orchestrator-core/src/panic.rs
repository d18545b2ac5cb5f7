//! Catching panics, written once for the sync and the async lifecycle and the status: a step's
//! panic becomes its [`ComponentError`], and a panic in dropping the payload (or a step's
//! future) is caught too.

use core::any::Any;
use core::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::ComponentError;

/// Drops a caught panic's payload, catching a panic of its `Drop` too. The payload of that
/// second panic is leaked rather than dropped: dropping it could panic again, outside of any
/// `catch_unwind` (this is what std's own runtime does with such payloads).
pub(crate) fn drop_payload(payload: Box<dyn Any + Send>) {
    if let Err(again) = catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        core::mem::forget(again);
    }
}

/// Drops `value` (a step's future, which may panic in its `Drop`), catching that panic.
pub(crate) fn drop_caught<V>(value: V) {
    if let Err(payload) = catch_unwind(AssertUnwindSafe(move || drop(value))) {
        drop_payload(payload);
    }
}

/// A value (a step's future) dropped under the panic guard on every path: when the code
/// holding it takes it out and drops it with [`drop_caught`], or when that code is itself
/// dropped at an `.await` (its caller's future dropped), through this guard's `Drop`.
pub(crate) struct DropCaught<V>(pub(crate) Option<V>);

impl<V> Drop for DropCaught<V> {
    fn drop(&mut self) {
        drop_caught(self.0.take());
    }
}

/// The error standing for a caught panic; the payload is dropped safely ([`drop_payload`]).
#[cold]
pub(crate) fn panic_error(payload: Box<dyn Any + Send>) -> ComponentError {
    let error = ComponentError::from_panic(&*payload);
    drop_payload(payload);
    error
}

/// Runs `step`, turning a panic into a [`ComponentError`].
#[inline]
pub(crate) fn guarded<R>(step: impl FnOnce() -> Result<R, ComponentError>) -> Result<R, ComponentError> {
    match catch_unwind(AssertUnwindSafe(step)) {
        Ok(result) => result,
        Err(payload) => Err(panic_error(payload)),
    }
}

/// A value of the user's shown through its `Display` (or, with [`Shown::debug`], its
/// `Debug`), under the panic guard: a panic while formatting ends the text with a note of it
/// instead of unwinding into the lifecycle. Every error, health message or config the runtime
/// formats goes through it (for the status, the last failure and the trace events).
pub(crate) struct Shown<'a> {
    value: Format<'a>,
}

enum Format<'a> {
    Display(&'a dyn fmt::Display),
    Debug(&'a dyn fmt::Debug),
}

impl<'a> Shown<'a> {
    /// `value`'s `Display` (`{:#}` passes through as the alternate form).
    pub(crate) fn display(value: &'a dyn fmt::Display) -> Self {
        Self { value: Format::Display(value) }
    }

    /// `value`'s `Debug`.
    pub(crate) fn debug(value: &'a dyn fmt::Debug) -> Self {
        Self { value: Format::Debug(value) }
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let written = catch_unwind(AssertUnwindSafe(|| match self.value {
            Format::Display(value) => value.fmt(f),
            Format::Debug(value) => value.fmt(f),
        }));
        match written {
            Ok(result) => result,
            Err(payload) => {
                let message = ComponentError::from_panic(&*payload);
                drop_payload(payload);
                let how = if matches!(self.value, Format::Display(_)) { "Display" } else { "Debug" };
                write!(f, "(its {how} {message})")
            }
        }
    }
}
