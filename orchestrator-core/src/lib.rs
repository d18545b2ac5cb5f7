//! The runtime of [`orchestrator-pattern`](https://docs.rs/orchestrator-pattern): the
//! [`Component`] and [`Orchestrator`] traits, the lifecycle state machine, its errors and its
//! [`Status`].
//!
//! Most users depend on the facade package `orchestrator-pattern` (imported as `orchestrator`),
//! which re-exports this crate together with `#[derive(Orchestrator)]` and `#[orchestrate]`.
//! The lifecycle logic lives here, once: the generated code of every derived orchestrator only
//! lists its components and calls into this crate.
//!
//! # The lifecycle
//!
//! | call | from | what happens | to |
//! |---|---|---|---|
//! | `initialize()` | `Ready` | nothing (idempotent), `Ok(())` | `Ready` |
//! | `initialize()` | `Created`, `Stopped`, `Failed` | each component's `init` in initialization order, then the register hook | `Ready` |
//! | `initialize()` fails | | an `init` or the register hook returns an error or panics: every component already initialized is cleaned up in reverse order; [`InitError`] names the component, the phase and the cause, and carries the rollback's errors | `Failed` |
//! | `cleanup()` | `Ready` | each component's `cleanup` in reverse order; an error or panic is recorded and the others still run; [`CleanupError`] holds them all | `Stopped` |
//! | `cleanup()` | `Created`, `Stopped`, `Failed` | nothing (idempotent), `Ok(())` | unchanged |
//! | `initialize()` / `cleanup()` from the register hook | `Starting` | refused: a [`Reentrant`] cause, nothing changes | unchanged |
//! | `restart(name)` | `Ready` | the component and its transitive dependents cleaned up in reverse, initialized again in order | `Ready` |
//! | `status()` | any | a [`Status`] snapshot, with the last failure | |
//!
//! [`AsyncOrchestrator`] adds concurrency by dependency level, correctness when its futures are
//! dropped (`Starting` / `Stopping` tell an interrupted call), deadlines and timeouts set at run
//! time, and (the `tokio` feature) `Supervise::run`: run until shutdown with health checks,
//! restarts by policy, backoff and a restart intensity. [`StatusHandle`] is a live view for
//! other tasks. Components that start with others implement [`Uses`] / [`AsyncUses`].
//!
//! Panics are caught with `catch_unwind` (the panic hook still prints them), also when
//! dropping their payloads; with `panic = "abort"` there is nothing to catch.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod asynchronous;
mod component;
mod config;
mod coordinate;
mod error;
mod graph;
mod hook_scope;
mod kind;
mod lifecycle;
mod live;
mod metrics;
mod name;
mod nested;
mod orchestrator;
mod panic;
mod parts;
mod run;
mod state;
mod status;
mod step;
mod trace;
mod uses;

/// The items generated code uses. Its name carries the version: it promises only what the
/// macros of the same version emit (the facade pins them with `=`).
#[doc(hidden)]
#[path = "private.rs"]
pub mod __private_0_1_0;

pub use asynchronous::{AsyncComponent, AsyncOrchestrator, AsyncUses, RestartPolicy, TimedOut, TimeoutError};
#[cfg(feature = "tokio")]
pub use asynchronous::{
    Backoff, CallError, Client, Emits, EventError, Events, Exit, Fault, Handles, Inbox, RunError, RunReport, Supervise,
    Supervision, SupervisionError, shutdown_signal,
};
#[cfg(feature = "tokio")]
#[doc(hidden)]
pub use asynchronous::{Link, Sink};
pub use component::{Component, Health};
pub use config::FromConfig;
pub use error::{
    CleanupError, ComponentError, Failure, InitError, LastFailure, NotReady, Phase, Reentrant, RestartError,
};
pub use graph::Graph;
pub use lifecycle::Lifecycle;
pub use live::{Gone, LiveComponent, LiveStatus, StatusHandle};
pub use name::{ComponentName, ComponentOf};
pub use orchestrator::Orchestrator;
pub use state::State;
pub use status::{ComponentStatus, Status};
pub use uses::Uses;

/// The names most orchestrators need: `use orchestrator::prelude::*;`.
///
/// It holds `AsyncOrchestrator` (a type implements either it or `Orchestrator`, so their
/// methods never clash) but not `AsyncComponent`: every sync `Component + Send` is also an
/// `AsyncComponent`, and with both traits in scope a sync component's `init()` is ambiguous.
/// For async orchestrators, [`async_prelude`] adds it.
pub mod prelude {
    pub use crate::{
        AsyncOrchestrator, CleanupError, Component, ComponentError, FromConfig, Graph, Health, InitError, Lifecycle,
        NotReady, Orchestrator, RestartPolicy, State, Status, StatusHandle, Uses,
    };
    /// Supervised runs (the `tokio` feature): `run` on every async orchestrator, its settings
    /// and its outcome.
    #[cfg(feature = "tokio")]
    pub use crate::{Backoff, Exit, RunError, RunReport, Supervise, Supervision, shutdown_signal};
}

/// The prelude of async orchestrators: [`prelude`], [`AsyncComponent`] and [`AsyncUses`],
/// `use orchestrator::async_prelude::*;`.
///
/// With `Component` and `AsyncComponent` both in scope, a sync component's own methods are
/// ambiguous when called directly (`db.init()`); write `Component::init(&mut db)` there. The
/// orchestrator calls them for you, so this rarely comes up outside a component's own tests.
pub mod async_prelude {
    pub use crate::prelude::*;
    pub use crate::{AsyncComponent, AsyncUses};
    /// A running orchestrator's client, and its components' events (the `tokio` feature).
    #[cfg(feature = "tokio")]
    pub use crate::{CallError, Client, Emits, Events, Fault};
}
