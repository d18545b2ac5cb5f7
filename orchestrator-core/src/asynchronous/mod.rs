//! The async lifecycle: [`AsyncComponent`], [`AsyncOrchestrator`], and the engine behind them.
//!
//! It keeps every guarantee of the sync lifecycle (rollback on failure or panic, cleanup past
//! errors and panics with all of them returned, idempotency, restart, status), adds
//! concurrency (the components of one dependency level initialize together, levels in order,
//! and clean up together, levels in reverse), and stays correct when its futures are dropped.
//! The pieces, each importing only those above it:
//!
//! - `component.rs`: [`AsyncComponent`] (public), its blanket impl for every `Component + Send`,
//!   and `DynAsyncComponent`, the object-safe form with boxed futures the engine calls.
//! - `policy.rs`: [`RestartPolicy`], what restarts with a component.
//! - `orchestrator.rs`: [`AsyncOrchestrator`] (public), with the guarantees under
//!   cancellation, re-entrancy and deadlines.
//! - `parts.rs`: `AsyncComponents`, the hidden trait the derive implements (with the base
//!   `DerivedOrchestrator` of `crate::parts`).
//! - `timeout.rs`: [`TimedOut`], [`TimeoutError`], the per-component timeout and the call's
//!   deadline (tokio's timer, the `tokio` feature).
//! - `level.rs`: one level's steps, polled together by a runtime-agnostic join that records each
//!   outcome in the `Lifecycle` the moment its future completes.
//! - `run.rs`: `initialize_async`, `cleanup_async`, `restart_async`, `status_async`, and the
//!   blanket `impl<T: AsyncComponents> AsyncOrchestrator for T`.
//! - `supervise.rs`: supervision's settings, its restart budget and its report (the `tokio`
//!   feature).
//! - `serve.rs`: the trait `Supervise` (`run` and `serve`, on every `AsyncOrchestrator`) and
//!   the supervised run loop that serves clients' calls and components' events between
//!   supervision's steps (the `tokio` feature).
//!
//! What the derive generates for an async orchestrator is the reviewed snapshot
//! `orchestrator-codegen/tests/expand/async_services.expanded.rs`, which a test compares with
//! the macro's output on every run.

#[cfg(feature = "tokio")]
pub(crate) mod client;
pub(crate) mod component;
pub(crate) mod level;
mod orchestrator;
pub(crate) mod parts;
pub(crate) mod policy;
pub(crate) mod run;
#[cfg(feature = "tokio")]
mod serve;
#[cfg(feature = "tokio")]
mod supervise;
pub(crate) mod timeout;
mod uses;

#[cfg(feature = "tokio")]
pub use client::{CallError, Client, Emits, EventError, Events, Fault, Handles, Inbox, Link, Sink};
pub use component::AsyncComponent;
pub use orchestrator::AsyncOrchestrator;
pub use policy::RestartPolicy;
#[cfg(feature = "tokio")]
pub use serve::Supervise;
#[cfg(feature = "tokio")]
pub use supervise::{Backoff, Exit, RunError, RunReport, Supervision, SupervisionError, shutdown_signal};
pub use timeout::{TimedOut, TimeoutError};
pub use uses::AsyncUses;

/// Its tokens when this build has the `tokio` feature, else a compile error saying that what
/// they are (a client, event handlers, `emits`) needs it. Generated code wraps what reaches the
/// running orchestrator's types in it.
#[cfg(feature = "tokio")]
#[doc(hidden)]
#[macro_export]
macro_rules! __with_tokio {
    ($what:literal, $($tokens:tt)*) => {
        $($tokens)*
    };
}

/// Its tokens when this build has the `tokio` feature, else a compile error saying that what
/// they are (a client, event handlers, `emits`) needs it.
#[cfg(not(feature = "tokio"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __with_tokio {
    ($what:literal, $($tokens:tt)*) => {
        ::core::compile_error!(::core::concat!(
            $what,
            " needs the `tokio` feature of orchestrator-pattern: a running orchestrator serves it. help: `orchestrator-pattern = { version = \"0.1\", features = [\"tokio\"] }`"
        ));
    };
}
