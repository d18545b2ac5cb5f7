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
//! - `supervise.rs`: `Supervise::run` (on every `AsyncOrchestrator`), supervision and its
//!   report (the `tokio` feature).
//!
//! What the derive generates for an async orchestrator is the reviewed snapshot
//! `orchestrator-codegen/tests/expand/async_services.expanded.rs`, which a test compares with
//! the macro's output on every run.

pub(crate) mod component;
mod level;
mod orchestrator;
pub(crate) mod parts;
pub(crate) mod policy;
pub(crate) mod run;
#[cfg(feature = "tokio")]
mod supervise;
pub(crate) mod timeout;
mod uses;

pub use component::AsyncComponent;
pub use orchestrator::AsyncOrchestrator;
pub use policy::RestartPolicy;
#[cfg(feature = "tokio")]
pub use supervise::{Backoff, Exit, RunError, RunReport, Supervise, Supervision, SupervisionError, shutdown_signal};
pub use timeout::{TimedOut, TimeoutError};
pub use uses::AsyncUses;
