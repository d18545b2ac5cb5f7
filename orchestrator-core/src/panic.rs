//! Catching panics, written once for the sync and the async lifecycle and the status: a step's
//! panic becomes its [`ComponentError`], and a panic in dropping the payload (or a step's
//! future) is caught too.

use core::any::Any;
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
