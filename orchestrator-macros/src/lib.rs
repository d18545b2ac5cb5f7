//! Procedural macros of `orchestrator-pattern`: `#[derive(Orchestrator)]` and `#[orchestrate]`.
//!
//! A thin shim: each macro hands its tokens to `orchestrator-codegen`, the plain library that
//! holds the parsing, the compile-time rules and the generated code (and their tests). Users
//! depend on the facade package `orchestrator-pattern` (imported as `orchestrator`), which
//! re-exports these macros.

use proc_macro::TokenStream;

/// Implements `Orchestrator` (or, with `#[orchestrator(async)]`, `AsyncOrchestrator`) for a
/// struct of components, and generates its constructor.
///
/// ```ignore
/// use orchestrator::prelude::*;
///
/// #[derive(Orchestrator)]
/// #[orchestrator(register = Self::wire, from_config)] // both optional
/// struct Processing {
///     #[orchestrator(config)]
///     config: AppConfig,                      // optional; its `Debug` is shown in the status
///     #[component]
///     validator: Validator,
///     #[component(after(validator))]          // field names of other components
///     analyzer: Analyzer,
///     #[component(name = "audit-log")]        // the name in status, errors and traces
///     logger: AuditLog,
///     lifecycle: Lifecycle,                   // exactly one field of type `Lifecycle`
/// }
///
/// let mut processing = Processing::from_config(AppConfig::default()); // every component: FromConfig
/// let mut tested = Processing::from_parts(config, validator, analyzer, logger); // every field but the lifecycle
/// processing.initialize()?;
/// ```
///
/// # Struct attribute `#[orchestrator(...)]`
///
/// | key | meaning |
/// |---|---|
/// | `register = Self::wire` | the register hook, a method run once after every component's `init`: `fn wire(&mut self) -> Result<(), E>`, and in an async orchestrator `async fn wire(&mut self) -> Result<(), E>`, with `E` a `ComponentError`, a `String`, a `&str` or any `std::error::Error + Send + Sync + 'static` (a free function takes its path, `self::wire`) |
/// | `from_parts = name` | the name of the constructor taking every field but the lifecycle (default `from_parts`; `from_parts = new` if you want `new`) |
/// | `from_config`, `from_config = name` | also generate the constructor that builds every component from the `#[orchestrator(config)]` field (named `from_config` unless named here) |
/// | `max_components = N` | the `too_many_components` limit (default 8) |
/// | `min_components = N` | the `too_few_components` limit (default 2; at most `max_components`) |
/// | `max_lines = N` | the `too_long` limit of the struct plus its `#[orchestrate]` block (default 400) |
/// | `allow(rule, ...)` | switches off `too_many_components`, `too_few_components`, `orchestrator_state`, `too_long` |
/// | `crate = path` | where the runtime is (default `::orchestrator`), for a renamed dependency |
/// | `cleanup_on_drop` | a `Drop` that cleans up a `Ready` orchestrator |
/// | `async` | an async orchestrator (`AsyncOrchestrator`): components are `AsyncComponent`s (every `Component + Send` is one; import the trait with `orchestrator::async_prelude::*`), those of one dependency level start together; the orchestrator and its components must be `Send` |
///
/// Field attributes: `#[component]`, `#[component(name = "...")]`, `#[component(after(a, b))]`
/// (field names of other components), `#[component(timeout_ms = N)]` (async orchestrators, with
/// the `tokio` feature), `#[orchestrator(config)]`.
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
/// ```ignore
/// use orchestrator::prelude::*;
///
/// #[orchestrate]
/// impl Processing {
///     /// A coordination method: `pub`, with a `self` receiver. It only delegates to components.
///     pub fn process(&mut self, input: Input) -> Result<Output, AppError> {
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
///     pub fn batch(&mut self, inputs: &[Input]) -> Result<(), AppError> {
///         for input in inputs {
///             self.process(input.clone())?;
///         }
///         Ok(())
///     }
///
///     // Private: not a coordination method (the register hook usually lives here).
///     fn wire(&mut self) -> Result<(), ComponentError> {
///         Ok(())
///     }
/// }
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
