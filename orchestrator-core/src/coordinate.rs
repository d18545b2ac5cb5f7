//! What `#[orchestrate]` generates calls to: the readiness guard of coordination methods.

use crate::{NotReady, Orchestrator, State};

/// The guard of a coordination method that returns `Result<_, E>`: `Err(NotReady)` unless
/// the orchestrator is `Ready`.
///
/// # Errors
/// [`NotReady`] naming the orchestrator, the method and the state.
#[inline]
pub fn ready<T: Orchestrator + ?Sized>(this: &T, method: &'static str) -> Result<(), NotReady> {
    match this.state() {
        State::Ready => Ok(()),
        state => Err(NotReady::new(T::NAME, method, state)),
    }
}

/// The guard of a coordination method that does not return a `Result`: panics with the
/// [`NotReady`] message unless the orchestrator is `Ready`.
///
/// # Panics
/// When the orchestrator is not `Ready`.
#[inline]
#[track_caller]
pub fn ready_or_panic<T: Orchestrator + ?Sized>(this: &T, method: &'static str) {
    if let Err(not_ready) = ready(this, method) {
        not_ready_panic(&not_ready);
    }
}

#[cold]
#[track_caller]
fn not_ready_panic(not_ready: &NotReady) -> ! {
    panic!("{not_ready}")
}
