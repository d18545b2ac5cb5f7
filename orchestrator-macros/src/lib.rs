//! Procedural macros of `orchestrator-pattern`: `#[derive(Orchestrator)]` and `#[orchestrate]`.
//!
//! A thin shim: each macro hands its tokens to `orchestrator-codegen`, the plain library that
//! holds the parsing, the compile-time rules and the generated code (and their tests). Users
//! depend on the facade package `orchestrator-pattern` (imported as `orchestrator`), which
//! re-exports these macros.

use proc_macro::TokenStream;

/// Implements `Orchestrator` (or, with `#[orchestrator(async)]`, `AsyncOrchestrator`) for a
/// struct of components, and generates its constructor and its component keys.
///
/// ```
/// use orchestrator::prelude::*;
///
/// #[derive(Debug, Default)]
/// struct AppConfig { strict: bool }
///
/// #[derive(Default)]
/// struct Validator { strict: bool }
/// impl Component for Validator {}
/// impl FromConfig<AppConfig> for Validator {
///     fn from_config(config: &AppConfig) -> Self { Validator { strict: config.strict } }
/// }
///
/// #[derive(Default)]
/// struct Analyzer;
/// impl<'a> Uses<&'a Validator> for Analyzer {} // starts with the validator it is given
/// impl FromConfig<AppConfig> for Analyzer {
///     fn from_config(_: &AppConfig) -> Self { Analyzer }
/// }
///
/// #[derive(Default)]
/// struct AuditLog;
/// impl Component for AuditLog {}
/// impl FromConfig<AppConfig> for AuditLog {
///     fn from_config(_: &AppConfig) -> Self { AuditLog }
/// }
///
/// #[derive(Orchestrator)]
/// #[orchestrator(register = Self::wire, from_config)] // both optional
/// struct Processing {
///     #[orchestrator(config)]
///     config: AppConfig,                      // optional; its `Debug` is shown in the status
///     #[component]
///     validator: Validator,
///     #[component(uses(validator))]           // after it, and `init` receives `&self.validator`
///     analyzer: Analyzer,
///     #[component(name = "audit-log", after(validator))] // a name of its own, and an order
///     logger: AuditLog,
///     lifecycle: Lifecycle,                   // exactly one field of type `Lifecycle`
/// }
///
/// impl Processing {
///     fn wire(&mut self) -> Result<(), ComponentError> { Ok(()) }
/// }
///
/// let mut processing = Processing::from_config(AppConfig::default()); // every component: FromConfig
/// processing.initialize()?;
/// processing.restart(ProcessingComponent::Analyzer)?;                  // a generated key
/// assert_eq!(Processing::COMPONENTS, ["validator", "analyzer", "audit-log"]);
///
/// // every field but the lifecycle, in declaration order: how test doubles go in
/// let tested = Processing::from_parts(AppConfig::default(), Validator::default(), Analyzer, AuditLog);
/// assert_eq!(tested.state(), State::Created);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Struct attribute `#[orchestrator(...)]`
///
/// | key | meaning |
/// |---|---|
/// | `register = Self::wire` | the register hook, a method run once after every component's `init`: `fn wire(&mut self) -> Result<(), E>`, and in an async orchestrator `async fn wire(&mut self) -> Result<(), E>`, with `E` a `ComponentError`, a `String`, a `&str` or any `std::error::Error + Send + Sync + 'static` (a free function takes its path, `self::wire`) |
/// | `from_parts = name` | the name of the constructor taking every field but the lifecycle (default `from_parts`; `from_parts = new` if you want `new`) |
/// | `from_config`, `from_config = name` | also generate the constructor that builds every component from the `#[orchestrator(config)]` field (named `from_config` unless named here) |
/// | `keys = Name` | the name of the generated key enum (default: the struct's name followed by `Component`, `ProcessingComponent`), should that name be taken |
/// | `max_components = N` | the `too_many_components` limit (default 8) |
/// | `min_components = N` | the `too_few_components` limit (default 2; at most `max_components`) |
/// | `max_lines = N` | the `too_long` limit of the struct plus its `#[orchestrate]` block (default 400) |
/// | `allow(rule, ...)` | switches off `too_many_components`, `too_few_components`, `orchestrator_state`, `too_long` |
/// | `crate = path` | where the runtime is (default `::orchestrator`), for a renamed dependency; `#[orchestrate(crate = path)]` takes the same |
/// | `cleanup_on_drop` | a `Drop` that cleans up a `Ready` orchestrator |
/// | `async` | an async orchestrator (`AsyncOrchestrator`): components are `AsyncComponent`s (every `Component + Send` is one; import the trait with `orchestrator::async_prelude::*`), those of one dependency level start together; the orchestrator and its components must be `Send` |
///
/// The keys combine freely, in one attribute or several, each at most once, except:
/// `cleanup_on_drop` with `async` (`Drop` cannot wait for an async `cleanup()`); `from_config`
/// without an `#[orchestrator(config)]` field; `from_config = name` and `from_parts = name`
/// with the same name; `keys` with the struct's own name; `min_components` above
/// `max_components`. Each of these is a compile error at the key.
///
/// # Field attributes
///
/// | attribute | on | meaning |
/// |---|---|---|
/// | `#[component]` | a component | the field is a component: its type implements `Component` (in an async orchestrator, `AsyncComponent`, which every `Component + Send` is), or `Uses<D>` / `AsyncUses<D>` with `uses(...)` |
/// | `#[component(name = "...")]` | a component | its name in `COMPONENTS`, the status, errors, traces and the key's `Display` (default: the field's name) |
/// | `#[component(after(a, b))]` | a component | initialized after the components in the fields `a` and `b` (field names, not `name = "..."`), cleaned up before them |
/// | `#[component(uses(a, b))]` | a component | `after(a, b)`, and its `init` and `cleanup` receive `&self.a` (one) or `(&self.a, &self.b)` (several, in this order): the type implements `Uses<(&A, &B)>` (`AsyncUses` in an async orchestrator) |
/// | `#[component(uses(lifecycle))]` | a component | the `Lifecycle` field (by its name) in `uses(...)`: the component receives the orchestrator's `StatusHandle`, by value, at that place in the tuple; it orders nothing |
/// | `#[component(timeout_ms = N)]` | a component of an async orchestrator | bounds its `init` and its `cleanup` (the `tokio` feature; not a sync `Component`, which a timer cannot interrupt) |
/// | `#[component(emits(E1, E2))]` | a component of an async orchestrator | the types of the events it raises to the running orchestrator (the `tokio` feature; see [Events](#events-componentemitse-)) |
/// | `#[orchestrator(config)]` | at most one field | the config: its `Debug` is shown in the status, and `from_config` builds the components from it |
/// | (none) | exactly one field of type `Lifecycle` | the orchestrator's state |
///
/// `name`, `after`, `uses`, `timeout_ms` and `emits` combine in one `#[component(...)]`, each at
/// most once: `#[component(name = "audit-log", after(db), uses(queue, lifecycle), timeout_ms = 500)]`.
/// `after` and `uses` may name the same component (the `uses` already orders it). A field is a
/// component, the config or the lifecycle, never two of them; a field with none of these roles
/// is the `orchestrator_state` rule. A name in `after(...)` or `uses(...)` that is no
/// component's field is `unknown_dependency` (with "did you mean"), a loop of them
/// `dependency_cycle`; `after(lifecycle)` is refused (the lifecycle is there before every
/// component), and `timeout_ms` or `emits` outside an async orchestrator too.
///
/// # Events: `#[component(emits(E, ...))]`
///
/// A component that raises events to its running orchestrator keeps an `orchestrator::Events<E>`
/// per event type (cloned into its background tasks), lends it by implementing
/// `orchestrator::Emits<E>`, and is declared with `emits(E)`. When the orchestrator is served
/// (`Supervise::serve`, or `run`), the run connects each component's `Events<E>` to the
/// orchestrator's handler of `E`: a method of its `#[orchestrate]` block marked
/// `#[orchestrate(on_event)]`. `orchestrator::Fault`, a component reporting its own failure, goes
/// to supervision, which restarts the component by its policy at once: every orchestrator
/// handles it.
///
/// ```
/// use orchestrator::prelude::*;
/// use orchestrator::{Emits, Events, Fault};
///
/// #[derive(Debug)]
/// struct JobDone(u64);
///
/// #[derive(Default)]
/// struct Store {
///     done: Vec<u64>,
/// }
/// impl Component for Store {}
///
/// /// Runs jobs on a task of its own, which raises each job done, and its own death.
/// #[derive(Default)]
/// struct Worker {
///     done: Events<JobDone>,
///     faults: Events<Fault>,
/// }
/// impl Component for Worker {}
/// impl Emits<JobDone> for Worker {
///     fn events(&self) -> &Events<JobDone> {
///         &self.done
///     }
/// }
/// impl Emits<Fault> for Worker {
///     fn events(&self) -> &Events<Fault> {
///         &self.faults
///     }
/// }
///
/// #[derive(Orchestrator)]
/// #[orchestrator(async)]
/// struct Jobs {
///     #[component]
///     store: Store,
///     #[component(after(store), emits(JobDone, Fault))]
///     worker: Worker,
///     lifecycle: Lifecycle,
/// }
///
/// #[orchestrate]
/// impl Jobs {
///     #[orchestrate(on_event)]
///     fn on_done(&mut self, done: JobDone) {
///         self.store.done.push(done.0);
///     }
/// }
/// ```
///
/// Each event type listed is checked where it is written: a component that does not implement
/// `Emits<E>`, and an orchestrator with no handler of `E`, are each one error at that `E`.
/// `emits` needs an async orchestrator (on a sync one it is one error at the key: only an async
/// orchestrator runs to receive events) and the `tokio` feature (without it, one error at the
/// key). Listing a type twice, or nothing (`emits()`), is an error too.
///
/// # Component keys
///
/// For `struct Processing` the derive generates, next to the struct and with its visibility,
/// `enum ProcessingComponent` with one variant per component, in initialization order, named
/// after its field in `UpperCamelCase` (`logger` is `ProcessingComponent::Logger`, whatever its
/// `name = "..."`). Every method that takes a component's name takes a key as well:
/// `restart`, `restart_with`, `set_timeout`, `Client::restart`, `Status::component`,
/// `LiveStatus::component`, `RunReport::exit`, `Supervision::restart_policy_of`. A misspelt key
/// is a compile error with rustc's "there is a variant with a similar name"; another
/// orchestrator's key is one too (the methods of an orchestrator take `ComponentOf<Self>`,
/// which only its own keys and strings implement). Strings keep working, for names read from a
/// configuration file: an unknown one is a run-time error that names the closest component.
///
/// The enum is `Copy`, `Eq`, `Ord` (initialization order), `Hash` and `Debug`; `Display` and
/// `ComponentName::component_name` give the component's name; `ALL` lists the keys and `NAMES`
/// the names (`COMPONENTS` is `NAMES`), in initialization order. Why this shape: a companion
/// type beside the struct, as `derive_builder`'s `FooBuilder` or `strum`'s
/// `FooDiscriminants`, takes no name in the struct's own impl blocks (associated constants
/// such as `Processing::ANALYZER` would); an enum is what the compiler checks with a
/// did-you-mean, and what a `match` covers exhaustively; it is not generic, so
/// `Checkout<P, N>` and `Checkout<Mock, Mock>` share `CheckoutComponent`, tied to every
/// instance by an `impl<P, N> ComponentOf<Checkout<P, N>> for CheckoutComponent`. It costs
/// the expansion one macro invocation: 3 lines, and the names, which `COMPONENTS` refers to
/// instead of listing them again. Should the name be taken, `keys = OtherName` renames it.
///
/// # What it generates
///
/// - `Orchestrator` with `NAME` (the struct's name), `COMPONENTS` (the component names in
///   initialization order: declaration order, refined by `after(...)` with a stable
///   topological sort) and `DEPENDENCIES`; `initialize`, `cleanup` and `status` call the
///   runtime, where the lifecycle is written once.
/// - One inherent function, `from_parts(...)`, taking every field but the lifecycle in
///   declaration order (inject test doubles by making the struct generic over its component
///   types), and, only when asked with `from_config`, `from_config(config)`, building each
///   component with `FromConfig::from_config(&config)`. Both have the struct's visibility.
/// - The key enum, `ProcessingComponent` (see [Component keys](#component-keys)).
///
/// The derive takes no name that your own impl blocks commonly use: a `pub fn new(...)` (or a
/// `from_config`) of your own next to it compiles, and is the place for a constructor that does
/// more than assemble its parts; it can end with `Self::from_parts(...)`. `from_parts` is the
/// derive's own name (`Type::new` not found is answered by rustc's "consider using
/// `Type::from_parts`"); should your impl block already use it, rename the generated one with
/// `from_parts = name`. The config constructor is generated only on request because
/// `from_config` is a name your own code may well use for a constructor of its own.
///
/// A derived orchestrator is not a component, and cannot be made one: the derive gives it the
/// two (hidden) traits through which components are reached, so that one used as a component of
/// another orchestrator is reported once, by `nested_orchestrator`; an `impl Component` for it
/// conflicts with them (E0119).
///
/// # Compile-time rules
///
/// `nested_orchestrator` (a component type that implements `Orchestrator` or `AsyncOrchestrator`,
/// derived or written by hand, also through a type alias or a `Box`), `too_many_components`,
/// `too_few_components`, `orchestrator_state` (a field that is no component, config or
/// lifecycle), `unknown_dependency` and `dependency_cycle` (the whole cycle is named). Each error
/// points at the offending token, names the rule and ends with a `help:`; all errors of the struct
/// are reported together, each mistake once.
///
/// `nested_orchestrator` is checked for every component whose type is written out. A component
/// whose type is a generic parameter of the struct (a mock slot `T: Component`) is checked where
/// the type becomes concrete only as far as the type system can: a derived orchestrator is never
/// a `Component`, so the struct's own bound rejects it there; an orchestrator written by hand that
/// also implements `Component` is not detected, because telling, inside the generic code, whether
/// `T` implements `Orchestrator` needs specialization, which stable Rust does not have.
///
/// Misuse is a compile error too, one per mistake and at its token: a field type that is not a
/// `Component` (or, in an async orchestrator, not an `AsyncComponent`, or not `Send`), a register
/// hook with another signature, a non-`async` hook of an async orchestrator, `register = wire`
/// without `Self::`, contradicting `min_components`/`max_components`, `from_config` without a
/// config field, unknown keys (with "did you mean"), and a struct that is not a struct with named
/// fields and one `Lifecycle`. A non-`Send` component of an async orchestrator is reported twice,
/// once at the `async` key (the orchestrator is not `Send`) and once at the component's field:
/// rustc checks the orchestrator's own `Send` bound and each component's separately.
#[proc_macro_derive(Orchestrator, attributes(orchestrator, component))]
pub fn derive_orchestrator(input: TokenStream) -> TokenStream {
    orchestrator_codegen::derive(input.into()).into()
}

/// Checks and instruments the coordination methods of a derived orchestrator: put it on the
/// inherent impl block of a `#[derive(Orchestrator)]` struct.
///
/// ```
/// use orchestrator::prelude::*;
///
/// #[derive(Debug)]
/// struct AppError(String);
/// impl From<NotReady> for AppError {
///     fn from(not_ready: NotReady) -> Self { AppError(not_ready.to_string()) }
/// }
///
/// #[derive(Default)]
/// struct Validator { rules: usize }
/// impl Component for Validator {}
/// impl Validator {
///     fn validate(&self, input: &str) -> Result<String, AppError> {
///         if input.is_empty() { Err(AppError("empty".into())) } else { Ok(input.to_uppercase()) }
///     }
///     async fn reload(&mut self) -> Result<(), AppError> {
///         self.rules += 1;
///         Ok(())
///     }
/// }
///
/// #[derive(Default)]
/// struct AuditLog { lines: Vec<String> }
/// impl Component for AuditLog {}
/// impl AuditLog {
///     fn record(&mut self, line: String) -> Result<String, AppError> {
///         self.lines.push(line.clone());
///         Ok(line)
///     }
///     fn summary(&self) -> String { format!("{} line(s)", self.lines.len()) }
/// }
///
/// #[derive(Orchestrator)]
/// #[orchestrator(register = Self::wire)]
/// struct Processing {
///     #[component]
///     validator: Validator,
///     #[component(after(validator))]
///     logger: AuditLog,
///     lifecycle: Lifecycle,
/// }
///
/// #[orchestrate]
/// impl Processing {
///     /// A coordination method: `pub`, with a `self` receiver. It only delegates to components.
///     pub fn process(&mut self, input: &str) -> Result<String, AppError> {
///         let valid = self.validator.validate(input)?;
///         self.logger.record(valid)
///     }
///
///     /// Not `Result`: called before `initialize()`, it panics, naming the orchestrator, the
///     /// method and the state.
///     pub fn summary(&self) -> String {
///         self.logger.summary()
///     }
///
///     /// Async methods are coordination methods too.
///     pub async fn refresh(&mut self) -> Result<(), AppError> {
///         self.validator.reload().await?;
///         Ok(())
///     }
///
///     /// A deliberate exception, on one method.
///     #[orchestrate(allow(business_logic))]
///     pub fn batch(&mut self, inputs: &[&str]) -> Result<(), AppError> {
///         for input in inputs {
///             self.process(input)?;
///         }
///         Ok(())
///     }
///
///     // Private: not a coordination method (the register hook usually lives here).
///     fn wire(&mut self) -> Result<(), ComponentError> {
///         Ok(())
///     }
/// }
///
/// let mut processing = Processing::from_parts(Validator::default(), AuditLog::default());
/// assert!(processing.process("order").is_err()); // not initialized: refused, the body did not run
/// processing.initialize().unwrap();
/// processing.batch(&["order 1", "order 2"]).unwrap();
/// assert_eq!(processing.summary(), "2 line(s)");
/// ```
///
/// # Coordination methods and their guard
///
/// Every `pub fn` of the block with a `self` receiver (`&self`, `&mut self`, `self`, or a typed
/// receiver such as `self: Box<Self>`) is a coordination method; private methods, associated
/// functions without `self` and items other than methods are left as written. Each coordination
/// method keeps its name, signature, attributes and body, and gains a readiness guard and a
/// tracing span (`coordinate`, with the orchestrator and the method; the `tracing` feature):
///
/// - a method returning `Result<T, E>` (its return type's last path segment is `Result`, so
///   `io::Result<T>` and aliases named `Result` count) returns `Err(NotReady.into())` when the
///   orchestrator is not `Ready`, without running its body: `E` must implement
///   `From<orchestrator::NotReady>` (a `Box<dyn std::error::Error + Send + Sync>` does); the
///   call's error is recorded in its span;
/// - any other method panics in that case, with a message naming the orchestrator, the method
///   and the state;
/// - an `async fn` is guarded when its future is first polled, before its body runs; the span
///   is entered on each poll, never held across an `.await`.
///
/// The register hook runs after every component's `init`, and may call coordination methods:
/// they accept calls while it runs.
///
/// # Limits
///
/// rustc's `dead_code` lint does not report the methods of a block this attribute rewrote: an
/// unused private helper or an unused coordination method of a private orchestrator goes
/// unreported (the same methods in a plain `impl` block are reported). Keep test-only helpers
/// in a plain `#[cfg(test)] impl` block.
///
/// # Arguments
///
/// - `#[orchestrate(allow(rule, ...))]` on the block or on one method switches off the impl
///   rules there: `too_long` (on the block only: it measures the whole block),
///   `business_logic`, `complex_conditional`, `direct_io`, `hidden_coordination`.
/// - `#[orchestrate(crate = path)]` on the block: where the runtime is, for a renamed
///   dependency (the derive takes the same `crate = path`).
/// - `#[orchestrate(client)]` on the block, or `client = Name`, `client = pub Name`: generate
///   the client trait (below), named `{Type}Calls` and `pub(crate)` unless named here.
/// - `#[orchestrate(on_event)]` on a method: an event handler (below).
/// - `#[orchestrate(local)]` on a coordination method: keep it out of the client (a method that
///   borrows, for example, which only code holding the orchestrator can call).
///
/// Arguments combine: `#[orchestrate(client = pub ShopApi, allow(business_logic))]`.
///
/// # A client: `#[orchestrate(client)]`
///
/// An async orchestrator served on a task (`Supervise::serve`, the `tokio` feature) is reached
/// from other tasks through an `orchestrator::Client<Shop>` (`Clone + Send + Sync`). With
/// `client`, the block also generates, for `Client<Shop>`, an extension trait with one method per
/// coordination method: the same name and parameters, taking `&self`, returning
/// `impl Future<Output = Result<R, CallError>> + Send` where `R` is the method's own return type
/// (`()` if none). The call runs the method on the running orchestrator, interleaved with
/// supervision; `CallError` says why it did not run or did not finish (see `Client` for the
/// semantics: backpressure, restarts, shutdown, panics, an orchestrator that is gone).
///
/// ```
/// use orchestrator::prelude::*;
/// use orchestrator::{CallError, Client, Supervision, shutdown_signal};
///
/// #[derive(Default)]
/// struct Stock {
///     items: Vec<String>,
/// }
/// impl Component for Stock {}
///
/// #[derive(Default)]
/// struct Orders {
///     open: Vec<String>,
/// }
/// impl Component for Orders {}
///
/// #[derive(Orchestrator)]
/// #[orchestrator(async)]
/// struct Shop {
///     #[component]
///     stock: Stock,
///     #[component(after(stock))]
///     orders: Orders,
///     lifecycle: Lifecycle,
/// }
///
/// /// An event a component raises (it would be declared `#[component(emits(Delivery))]`).
/// struct Delivery(String);
///
/// #[orchestrate(client)]
/// impl Shop {
///     /// Sync, `&mut self`: runs at once.
///     pub fn order(&mut self, item: String) -> usize {
///         self.orders.open.push(item);
///         self.orders.open.len()
///     }
///
///     /// Sync, `&self`: runs at once.
///     pub fn in_stock(&self) -> usize {
///         self.stock.items.len()
///     }
///
///     /// `async fn` taking `&mut self`: runs alone, to its end.
///     pub async fn restock(&mut self, item: String) {
///         self.stock.items.push(item);
///     }
///
///     /// `async fn` taking `&self`: runs with the other `&self` calls.
///     pub async fn open_orders(&self) -> usize {
///         self.orders.open.len()
///     }
///
///     /// It returns a borrow: kept out of the client.
///     #[orchestrate(local)]
///     pub fn first(&self) -> Option<&str> {
///         self.stock.items.first().map(String::as_str)
///     }
///
///     /// An event handler: the running orchestrator calls it with each `Delivery`.
///     #[orchestrate(on_event)]
///     fn on_delivery(&mut self, delivery: Delivery) {
///         self.stock.items.push(delivery.0);
///     }
/// }
///
/// // Generated: `pub(crate) trait ShopCalls`, implemented for `Client<Shop>`, with
/// // `fn order(&self, item: String) -> impl Future<Output = Result<usize, CallError>> + Send`, ...
///
/// /// Runs the shop until Ctrl-C; `client` reaches it from any task meanwhile.
/// async fn serve(mut shop: Shop) -> Result<(), orchestrator::RunError> {
///     let (client, inbox) = Client::<Shop>::channel(64);
///     # drop(client);
///     shop.serve(inbox, shutdown_signal(), &Supervision::new()).await?;
///     Ok(())
/// }
///
/// /// What another task does with a client.
/// async fn restock_and_order(client: &Client<Shop>) -> Result<usize, CallError> {
///     client.restock("apple".to_owned()).await?;
///     assert_eq!(client.in_stock().await?, 1);
///     client.order("apple".to_owned()).await
/// }
/// ```
///
/// Sync methods run at once between two steps of anything else; `async fn` methods taking
/// `&mut self` run alone; `async fn` methods taking `&self` run together, which needs the
/// orchestrator (so its components) to be `Sync`, an error at that `&self` otherwise. The trait
/// is in scope where it is defined; elsewhere import it (`use crate::shop::ShopCalls;`). For a
/// generic block the trait takes the block's generic parameters
/// (`impl<T: Store> ShopCalls<T> for Client<Shop<T>>`) and needs `Shop<T>: 'static`.
///
/// What a call carries travels to the task that runs the orchestrator, and its result travels
/// back, so a method in the client takes and returns owned, `Send + 'static` values, has no
/// generic parameters and takes `&self` or `&mut self`. Each method that does not is one error
/// at the offending token (a `&str` parameter, a `Guard<'_>` result, an `impl Trait`, `self`,
/// `<T>`), whose help names the owned type to take (`String` for `&str`, `Vec<T>` for `&[T]`) or
/// `#[orchestrate(local)]`. A coordination method named like a method of `Client` itself
/// (`shutdown`, `restart`, `restart_with`, `no_wait`, `is_running`, `clone`) is an error too:
/// `client.shutdown()` would call `Client`'s.
///
/// # Event handlers: `#[orchestrate(on_event)]`
///
/// A method marked `#[orchestrate(on_event)]` handles the events of its one parameter's type,
/// raised by the components that declare `#[component(emits(E))]`: the running orchestrator
/// calls it like a client's call (sync or `async fn`, `&self` or `&mut self`, with the same
/// rules), in the order the events arrive, and only while it is `Ready`. It returns `()` or a
/// `Result`, whose error is traced (with the `tracing` feature). Handlers are checked by the
/// same rules as coordination methods (`business_logic`, `complex_conditional`, `direct_io`,
/// `hidden_coordination`) whether private or not; they are not in the client. A private
/// handler is not guarded (only the run calls it, while `Ready`); a public one is also an
/// ordinary guarded coordination method. `on_delivery` in the example above is one.
///
/// A handler takes exactly one owned event besides `&self` or `&mut self`; no parameter, two,
/// a borrowed event, `self` by value, generic parameters or another return type are each one
/// error at the token. Two handlers of the same event type are one error at the second.
/// `orchestrator::Fault` has no handler of yours: supervision handles it for every orchestrator
/// (a handler of it conflicts with that impl, E0119 at its type).
///
/// A client and handlers need an async orchestrator (on a sync one, one error at the key: only
/// an async orchestrator runs; for a generic block, where that check cannot be written, the
/// error comes where a `Client` of it is made) and the `tokio` feature (without it, one error at
/// the key).
///
/// # Rules
///
/// `too_long` (the struct plus this block over the struct's `max_lines`, default 400),
/// `business_logic` (a loop or arithmetic in a coordination method), `complex_conditional`
/// (more than 4 branches), `direct_io` (file, network or process access) and
/// `hidden_coordination` (a coordination method handing its steps to a private method that calls
/// components). Each error points at the offending token, names the rule and ends with a
/// `help:`; the block's errors come together, and with errors the block is emitted as written,
/// so nothing else in the crate fails because of it. `#[orchestrate]` on anything but an inherent
/// impl block, or on the impl block of a type without `#[derive(Orchestrator)]`, is one error.
/// The `orchestrator::rules` module has a failing and a fixed example for each rule.
#[proc_macro_attribute]
pub fn orchestrate(args: TokenStream, input: TokenStream) -> TokenStream {
    orchestrator_codegen::orchestrate(args.into(), input.into()).into()
}
