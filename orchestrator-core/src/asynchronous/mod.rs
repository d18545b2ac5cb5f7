//! The async lifecycle: [`AsyncComponent`], [`AsyncOrchestrator`], and the engine behind them.
//!
//! It keeps every guarantee of the sync lifecycle (rollback on failure or panic, cleanup past
//! errors and panics with all of them returned, idempotency, restart, status) and adds
//! concurrency: the components of one dependency level initialize together, levels in order,
//! and clean up together, levels in reverse. The pieces:
//!
//! - `component.rs`: [`AsyncComponent`] (public), its blanket impl for every `Component + Send`,
//!   and `DynAsyncComponent`, the object-safe form with boxed futures the engine calls.
//! - `orchestrator.rs`: [`AsyncOrchestrator`] (public).
//! - `parts.rs`: `AsyncParts`, the hidden trait the derive implements.
//! - `run.rs`: `initialize_async`, `cleanup_async`, `status_async`, the engine.
//! - `join.rs`: a runtime-agnostic join of boxed futures that catches each one's panics.
//! - `timeout.rs`: [`TimedOut`] and the tokio timer (the `tokio` feature).
//!
//! # Semantics the engine defines
//!
//! - Levels come from `DEPENDENCIES` through [`Graph::levels`](crate::Graph::levels).
//! - `initialize`: for each level in order, build every component's `init` future (a panic
//!   while building it counts as that component's error), wrap it in its timeout if it has
//!   one, and poll them all together until every one is done; record each one's state and init
//!   time (from the start of its level to its end). If any failed, the first failing one in
//!   initialization order is the cause; every `Ready` component (those of this level that
//!   succeeded too) is rolled back like a cleanup; the orchestrator is `Failed`. After the last
//!   level the register hook runs (its panic caught); its failure rolls back everything.
//! - `cleanup` (and rollback): for each level from the deepest, every `Ready` component's
//!   `cleanup` together; each failure, panic or timeout marks that component `Failed` and is
//!   collected. Order of the errors: level by level from the deepest and, within a level, in
//!   reverse initialization order, whatever order the futures finished in.
//! - Cancellation: dropping an `initialize()` future midway leaves the orchestrator in its old
//!   state, with the components that finished their `init` `Ready` in the status; the next
//!   `initialize()` cleans those up first. Dropping a `cleanup()` future midway leaves it
//!   `Ready`; the next `cleanup()` cleans up the components still `Ready`.
//! - Allocation: the engine boxes each step's future and keeps a few small `Vec`s per level;
//!   the sync lifecycle's no-allocation promise is for the sync lifecycle only.
//!
//! # What the derive generates for an async orchestrator
//!
//! For this struct (how the derive is told it is async, e.g. `#[orchestrator(async)]`, is the
//! macro's choice; the register hook of an async orchestrator is an `async fn`, or any
//! `fn(&mut Self) -> impl Future<Output = Result<(), ComponentError>> + Send + '_`):
//!
//! ```ignore
//! #[derive(Orchestrator)]
//! #[orchestrator(async, register = Self::wire)]
//! struct Services {
//!     #[orchestrator(config)]
//!     config: ServicesConfig,
//!     #[component]
//!     data: DataService,                      // an AsyncComponent
//!     #[component(after(data), timeout_ms = 500)]
//!     socket: SocketService,                  // an AsyncComponent
//!     #[component(name = "perf")]
//!     performance: PerformanceMonitor,        // a sync Component: fine too
//!     lifecycle: Lifecycle,
//! }
//! impl Services {
//!     async fn wire(&mut self) -> Result<(), ComponentError> { Ok(()) }
//! }
//! ```
//!
//! the derive generates the following (`AsyncOrchestrator` then comes from the blanket
//! `impl<T: AsyncParts> AsyncOrchestrator for T`; the real expansion reaches components
//! through small local helper traits, so that errors point at the user's types; `__p` stands for `::orchestrator::__private`, or the
//! `crate = path` override; generics go through `split_for_impl`; the impl needs the struct to
//! be `Send`, which it is when its components are). `TIMEOUTS_MS` is left out when no component
//! has a timeout, `REGISTER` and `register` when there is no hook, `config` when there is no
//! config field; the `TIMEOUTS_SUPPORTED` assertion is emitted only when some component has a
//! timeout:
//!
//! ```ignore
//! const _: () = {
//!     use ::orchestrator::__private as __p;
//!
//!     #[automatically_derived]
//!     impl __p::Parts for Services {
//!         const LINES: usize = 12;
//!         fn lifecycle(&self) -> &__p::Lifecycle {
//!             &self.lifecycle
//!         }
//!         fn lifecycle_mut(&mut self) -> &mut __p::Lifecycle {
//!             &mut self.lifecycle
//!         }
//!     }
//!
//!     #[automatically_derived]
//!     impl __p::AsyncParts for Services {
//!         const NAME: &'static str = "Services";
//!         const COMPONENTS: &'static [&'static str] = &["data", "socket", "perf"];
//!         const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[0], &[]];
//!         const TYPES: &'static [&'static str] = &["DataService", "SocketService", "PerformanceMonitor"];
//!         const TIMEOUTS_MS: &'static [::core::option::Option<u64>] =
//!             &[::core::option::Option::None, ::core::option::Option::Some(500), ::core::option::Option::None];
//!         const REGISTER: &'static str = "wire";
//!
//!         fn split(&mut self) -> (&mut __p::Lifecycle, __p::Vec<&mut dyn __p::DynAsyncComponent>) {
//!             (&mut self.lifecycle, __p::vec![&mut self.data, &mut self.socket, &mut self.performance])
//!         }
//!         fn component(&self, index: usize) -> ::core::option::Option<&dyn __p::DynAsyncComponent> {
//!             match index {
//!                 0 => ::core::option::Option::Some(&self.data),
//!                 1 => ::core::option::Option::Some(&self.socket),
//!                 2 => ::core::option::Option::Some(&self.performance),
//!                 _ => ::core::option::Option::None,
//!             }
//!         }
//!         fn register(&mut self) -> __p::BoxFuture<'_, ::core::result::Result<(), __p::ComponentError>> {
//!             __p::Box::pin(Self::wire(self))
//!         }
//!         fn config(&self) -> ::core::option::Option<&dyn ::core::fmt::Debug> {
//!             ::core::option::Option::Some(&self.config)
//!         }
//!     }
//!
//!     const _: () = ::core::assert!(
//!         __p::TIMEOUTS_SUPPORTED,
//!         "`timeout_ms` needs the `tokio` feature of `orchestrator`: enable it in Cargo.toml"
//!     );
//! };
//! ```
//!
//! `tests/async_expansion.rs` compiles this very code (with `orchestrator_core::__private`)
//! and runs it. Coordination methods of an async orchestrator (`#[orchestrate]`, `async fn`)
//! need nothing from this module: `__private::Call` checks readiness on the `Lifecycle` field
//! (`Call::ready`, `Call::ready_or_panic`) and traces an `async` body (`Call::instrument`), as
//! for a sync orchestrator. The free functions `ready`/`ready_or_panic` need `Orchestrator`,
//! so they do not apply to an async one.

mod component;
mod level;
mod orchestrator;
mod parts;
mod run;
#[cfg(feature = "tokio")]
mod supervise;
mod timeout;

pub use component::AsyncComponent;
pub use orchestrator::AsyncOrchestrator;
#[cfg(feature = "tokio")]
pub use supervise::{Backoff, Exit, RunError, RunReport, Supervision, SupervisionError, shutdown_signal};
pub use timeout::{TimedOut, TimeoutError};

/// Which components restart with one that is restarted, after Erlang/OTP's restart
/// strategies: see [`AsyncOrchestrator::restart_with`] and `Supervision` (the `tokio` feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RestartPolicy {
    /// The component alone (OTP's `one_for_one`).
    Component,
    /// The component and every component that depends on it, directly or through others
    /// (what OTP's `rest_for_one` approximates by list order; here exactly the dependency
    /// graph's dependents). The default.
    #[default]
    WithDependents,
    /// Every component (OTP's `one_for_all`).
    All,
}

/// The hidden items generated code needs, re-exported by `crate::__private`.
pub(crate) mod private {
    pub use super::component::{AsyncComponent, BoxFuture, DynAsyncComponent};
    pub use super::orchestrator::AsyncOrchestrator;
    pub use super::parts::{AsyncParts, AsyncProbe, NotAnAsyncOrchestrator};
    pub use super::run::{cleanup_async, initialize_async, restart_async, status_async};
    pub use super::timeout::TIMEOUTS_SUPPORTED;
    pub use std::boxed::Box;
    pub use std::vec;
    pub use std::vec::Vec;
}
