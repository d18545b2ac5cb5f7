//! The Orchestrator Pattern as checked, generated code.
//!
//! ```toml
//! [dependencies]
//! orchestrator-pattern = "0.1"   # the package; the library is imported as `orchestrator`
//! ```
//!
//! An orchestrator coordinates components (engines, services, loggers) and holds no business
//! logic of its own. Write the components, list them in a struct, and derive the rest:
//!
//! ```
//! use orchestrator::prelude::*;
//!
//! #[derive(Debug)]
//! struct AppConfig { strict: bool }
//!
//! #[derive(Default)]
//! struct Validator { strict: bool }
//! impl Component for Validator {}
//! impl Validator {
//!     fn validate(&self, input: &str) -> Result<String, AppError> {
//!         if self.strict && input.is_empty() { Err(AppError("empty input".into())) } else { Ok(input.trim().into()) }
//!     }
//! }
//!
//! #[derive(Default)]
//! struct AuditLog { lines: Vec<String> }
//! impl Component for AuditLog {
//!     fn cleanup(&mut self) -> Result<(), ComponentError> {
//!         self.lines.clear();
//!         Ok(())
//!     }
//! }
//! impl AuditLog {
//!     fn record(&mut self, line: String) -> Result<String, AppError> {
//!         self.lines.push(line.clone());
//!         Ok(line)
//!     }
//! }
//!
//! #[derive(Debug)]
//! struct AppError(String);
//! impl From<NotReady> for AppError {
//!     fn from(not_ready: NotReady) -> Self { AppError(not_ready.to_string()) }
//! }
//!
//! #[derive(Orchestrator)]
//! #[orchestrator(register = Self::wire)]
//! struct Processing {
//!     #[orchestrator(config)]
//!     config: AppConfig,
//!     #[component]
//!     validator: Validator,
//!     #[component(name = "audit-log", after(validator))]
//!     logger: AuditLog,
//!     lifecycle: Lifecycle,
//! }
//!
//! #[orchestrate]
//! impl Processing {
//!     /// A coordination method: it only delegates to components.
//!     pub fn process(&mut self, input: &str) -> Result<String, AppError> {
//!         let valid = self.validator.validate(input)?;
//!         self.logger.record(valid)
//!     }
//!
//!     // The register hook: runs once, after every component's `init`.
//!     fn wire(&mut self) -> Result<(), ComponentError> {
//!         self.validator.strict = self.config.strict;
//!         Ok(())
//!     }
//! }
//!
//! let mut processing = Processing::from_parts(AppConfig { strict: true }, Validator::default(), AuditLog::default());
//! assert!(processing.process("x").is_err()); // not initialized yet: NotReady, nothing ran
//!
//! processing.initialize().unwrap();
//! assert_eq!(processing.process("  order 42 ").unwrap(), "order 42");
//! assert_eq!(Processing::COMPONENTS, ["validator", "audit-log"]);
//! processing.restart(ProcessingComponent::Logger).unwrap(); // a typed key: `Logger` for the field `logger`
//! assert_eq!(processing.status().state, State::Ready);
//!
//! processing.cleanup().unwrap(); // audit-log, then validator
//! assert_eq!(processing.state(), State::Stopped);
//! ```
//!
//! # What the derive gives
//!
//! - [`Orchestrator`]: `initialize()`, `cleanup()`, `status()`, `state()`, `NAME` and
//!   `COMPONENTS` (the component names in initialization order). The lifecycle logic lives once,
//!   in `orchestrator-core`; the generated code only lists the components.
//! - A constructor, `from_parts(...)`, taking every field but the lifecycle, in declaration
//!   order (this is how mocks are injected: make the struct generic over its component types),
//!   and, with `#[orchestrator(from_config)]`, `from_config(config)`, building every component
//!   with [`FromConfig`] from the `#[orchestrator(config)]` field.
//! - Typed keys: `enum ProcessingComponent`, one variant per component, next to the struct.
//!   `restart`, `restart_with`, `set_timeout`, `Status::component`, `RunReport::exit` and every
//!   other method that names a component take a key (a typo does not compile) or a string (a
//!   name from a configuration file; an unknown one is an error that suggests the closest):
//!   `processing.restart(ProcessingComponent::Logger)`. See [`ComponentOf`].
//!
//! # Construction, and mocks
//!
//! The derive generates no inherent function under a name your own impl blocks commonly use:
//! `new` is yours. It generates `from_parts(...)`, every field but the lifecycle in declaration
//! order (rename it with `#[orchestrator(from_parts = name)]`, `from_parts = new` included), and,
//! only when asked with `#[orchestrator(from_config)]` (or `from_config = name`),
//! `from_config(config)`, which builds every component with [`FromConfig`]. A constructor of
//! your own that does more (reads a file, opens a pool) is an ordinary `pub fn new` next to the
//! derive, ending with `Self::from_parts(...)`; the struct literal with
//! `lifecycle: Lifecycle::default()` works too. To test coordination with mocks, make the struct
//! generic over the component and pass the mock to `from_parts`:
//!
//! ```
//! use orchestrator::prelude::*;
//!
//! #[derive(Debug, Default)]
//! struct Settings { greeting: &'static str }
//!
//! trait Greet { fn greet(&self, name: &str) -> String; }
//!
//! struct Greeter { greeting: &'static str }
//! impl Component for Greeter {}
//! impl Greet for Greeter { fn greet(&self, name: &str) -> String { format!("{} {name}", self.greeting) } }
//! impl FromConfig<Settings> for Greeter {
//!     fn from_config(settings: &Settings) -> Self { Greeter { greeting: settings.greeting } }
//! }
//!
//! #[derive(Default)]
//! struct Journal { lines: Vec<String> }
//! impl Component for Journal {}
//! impl FromConfig<Settings> for Journal {
//!     fn from_config(_: &Settings) -> Self { Journal::default() }
//! }
//!
//! #[derive(Orchestrator)]
//! #[orchestrator(from_config)]
//! struct Welcome<G: Greet + Component = Greeter> {
//!     #[orchestrator(config)]
//!     settings: Settings,
//!     #[component]
//!     greeter: G,
//!     #[component]
//!     journal: Journal,
//!     lifecycle: Lifecycle,
//! }
//!
//! #[orchestrate]
//! impl<G: Greet + Component> Welcome<G> {
//!     pub fn welcome(&mut self, name: &str) -> Result<String, NotReady> {
//!         let line = self.greeter.greet(name);
//!         self.journal.lines.push(line.clone());
//!         Ok(line)
//!     }
//! }
//!
//! // In production: one call from the config.
//! let mut welcome: Welcome = Welcome::from_config(Settings { greeting: "hello" });
//! welcome.initialize().unwrap();
//! assert_eq!(welcome.welcome("ada").unwrap(), "hello ada");
//!
//! // In a test: one call with a mock.
//! struct Shouting;
//! impl Component for Shouting {}
//! impl Greet for Shouting { fn greet(&self, name: &str) -> String { name.to_uppercase() } }
//! let mut tested = Welcome::from_parts(Settings::default(), Shouting, Journal::default());
//! tested.initialize().unwrap();
//! assert_eq!(tested.welcome("ada").unwrap(), "ADA");
//! ```
//!
//! # The lifecycle
//!
//! | call | from | what happens | to |
//! |---|---|---|---|
//! | `initialize()` | `Ready` | nothing (idempotent), `Ok(())` | `Ready` |
//! | `initialize()` | `Created`, `Stopped`, `Failed` | each component's `init` in initialization order, then the register hook | `Ready` |
//! | `initialize()` (async) | `Starting`, `Stopping`: an earlier call's future was dropped | first cleans up every component still initialized, then as above | `Ready` |
//! | `initialize()` fails | | an `init` or the register hook returns an error, panics or times out: every component already initialized is cleaned up in reverse order; [`InitError`] names the component, the phase and the cause, and carries the rollback's errors | `Failed` |
//! | `cleanup()` | `Ready` (async also `Starting`, `Stopping`) | each initialized component's `cleanup` in reverse order; an error, panic or timeout is recorded and the others still run; [`CleanupError`] holds them all | `Stopped` |
//! | `cleanup()` | `Created`, `Stopped`, `Failed` | nothing (idempotent), `Ok(())` | unchanged |
//! | `initialize()` / `cleanup()` from the register hook | `Starting` | refused with a [`Reentrant`] cause; nothing runs twice, nothing recurses | unchanged |
//! | `status()` | any | a [`Status`] snapshot: name, state, per component its name, type, state, health and init time, the config's `Debug`, the last failure | |
//!
//! Initialization order is declaration order refined by `#[component(after(...))]`, a stable
//! topological order computed at compile time; cleanup is always its exact reverse. A
//! coordination method (a method with a `self` receiver visible outside its `#[orchestrate]` block: `pub`, `pub(crate)`, ...) called
//! when the orchestrator is not `Ready` does not run: a method returning `Result<_, E>` returns
//! `Err(NotReady.into())`, any other panics with a message naming the orchestrator, the method
//! and the state.
//!
//! An async orchestrator ([`AsyncOrchestrator`]) is correct when the future of `initialize()`
//! or `cleanup()` is dropped (a `select!`, an outer timeout), and takes deadlines set at run time
//! (`set_cleanup_timeout`, `set_initialize_timeout`, `set_timeout` per component; the `tokio`
//! feature). Its rustdoc states the guarantees, with the `select!` and timeout patterns.
//!
//! # Rules
//!
//! The derive and `#[orchestrate]` turn the pattern's advice into compile errors: nested
//! orchestrators, too many or too few components, state in the orchestrator, unknown or cyclic
//! dependencies, an orchestrator over `max_lines`, business logic, complex conditionals, direct
//! I/O and hidden coordination. The [`rules`] module lists each with its reason, a failing
//! example and the fix.
//!
//! # Features
//!
//! | feature | default | enables |
//! |---|---|---|
//! | `tracing` | yes | a span per lifecycle call and coordination method, an event per component step with its elapsed time, errors at warn/error level |
//! | `serde` | no | `Serialize` for [`Status`] and what it holds ([`ComponentStatus`], [`LastFailure`], [`State`], [`Phase`], [`Health`]), and for [`LiveStatus`] |
//! | `tokio` | no | timeouts and deadlines of async orchestrators (`timeout_ms`, `set_timeout`, ...) with tokio's timer; supervised runs: `Supervise::run`, `Supervision`, `Backoff`, `RunReport`, `RunError`, `shutdown_signal` |
//!
//! ```toml
//! orchestrator-pattern = { version = "0.1", default-features = false, features = ["serde", "tokio"] }
//! ```
//!
//! Each item that needs a feature says which in its documentation.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod rules;

/// The README's Rust examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}

pub use orchestrator_core::*;
pub use orchestrator_macros::{Orchestrator, orchestrate};
// The glob re-exports these too; naming them here carries their feature into this crate's
// rustdoc (items inlined from another crate lose the `doc(cfg)` it was compiled without).
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use orchestrator_core::{
    Backoff, Exit, RunError, RunReport, Supervise, Supervision, SupervisionError, shutdown_signal,
};

#[doc(hidden)]
pub use orchestrator_core::__private_0_1_0;

/// `use orchestrator::prelude::*;` brings the derive, the attribute and the common types.
///
/// For an async orchestrator, [`async_prelude`] adds [`AsyncComponent`].
pub mod prelude {
    pub use orchestrator_core::prelude::*;
    pub use orchestrator_macros::{Orchestrator, orchestrate};
}

/// `use orchestrator::async_prelude::*;`: the [`prelude`] and [`AsyncComponent`], for async
/// orchestrators and their components.
///
/// With `Component` and `AsyncComponent` both in scope, a sync component's own methods are
/// ambiguous when called directly (`db.init()`); write `Component::init(&mut db)` there. The
/// orchestrator calls them for you, so this rarely comes up outside a component's own tests.
///
/// ```
/// use orchestrator::async_prelude::*;
///
/// struct Pool;
/// impl AsyncComponent for Pool {
///     async fn init(&mut self) -> Result<(), ComponentError> {
///         Ok(()) // e.g. `self.connect().await?`
///     }
/// }
///
/// struct Cache;
/// impl Component for Cache {} // a sync component, `Send`: an async component too
///
/// #[derive(Orchestrator)]
/// #[orchestrator(async)]
/// struct Services {
///     #[component]
///     pool: Pool,
///     #[component(after(pool))]
///     cache: Cache,
///     lifecycle: Lifecycle,
/// }
///
/// // Any executor runs it (the lifecycle needs no runtime of its own); here, tokio's.
/// #[tokio::main(flavor = "current_thread")]
/// async fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let mut services = Services::from_parts(Pool, Cache);
///     services.initialize().await?;
///     assert_eq!(services.state(), State::Ready);
///     services.restart(ServicesComponent::Pool).await?; // the pool, then the cache after it
///     services.cleanup().await?;
///     Ok(())
/// }
/// ```
pub mod async_prelude {
    pub use orchestrator_core::async_prelude::*;
    pub use orchestrator_macros::{Orchestrator, orchestrate};
}
