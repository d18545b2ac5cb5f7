//! Procedural macros of `orchestrator-pattern`: `#[derive(Orchestrator)]` and `#[orchestrate]`.
//!
//! A thin shim: each macro hands its tokens to `orchestrator-codegen`, the plain library that
//! holds the parsing, the compile-time rules and the generated code (and their tests). Users
//! depend on the facade package `orchestrator-pattern` (imported as `orchestrator`), which
//! re-exports these macros.

use proc_macro::TokenStream;

/// Implements `Orchestrator` for a struct of components, and generates its constructors.
///
/// ```ignore
/// use orchestrator::prelude::*;
///
/// #[derive(Orchestrator)]
/// #[orchestrator(register = Self::wire)]     // optional hook, after every component's init
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
/// let mut tested = Processing::new(config, validator, analyzer, logger); // every field but the lifecycle
/// processing.initialize()?;
/// ```
///
/// # Struct attribute `#[orchestrator(...)]`
///
/// | key | meaning |
/// |---|---|
/// | `register = path` | the register hook, `fn(&mut Self) -> Result<(), E>` with `E: Into<ComponentError>` |
/// | `max_components = N` | the `too_many_components` limit (default 8) |
/// | `min_components = N` | the `too_few_components` limit (default 2) |
/// | `max_lines = N` | the `too_long` limit of the struct plus its `#[orchestrate]` block (default 400) |
/// | `allow(rule, ...)` | switches off `too_many_components`, `too_few_components`, `orchestrator_state`, `too_long` |
/// | `crate = path` | where the runtime is (default `::orchestrator`), for a renamed dependency |
/// | `cleanup_on_drop` | a `Drop` that cleans up a `Ready` orchestrator |
/// | `async` | an async orchestrator (`AsyncOrchestrator`): components are `AsyncComponent`s (every `Component + Send` is one), those of one dependency level start together |
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
/// - `new(...)`, taking every field but the lifecycle in declaration order (inject test doubles
///   by making the struct generic over its component types), and with a config field
///   `from_config(config)`, building each component with `FromConfig::from_config(&config)`.
///   Both have the struct's visibility.
///
/// # Compile-time rules
///
/// `nested_orchestrator` (a component type that implements `Orchestrator`, also through a type
/// alias; component types that mention a generic parameter of the struct are not checked, their
/// concrete type is chosen by the user of the struct), `too_many_components`,
/// `too_few_components`, `orchestrator_state` (a field that is no component, config or
/// lifecycle), `unknown_dependency` and `dependency_cycle` (the whole cycle is named). Each error
/// points at the offending token, names the rule and ends with a `help:`; all errors of the struct
/// are reported together.
#[proc_macro_derive(Orchestrator, attributes(orchestrator, component))]
pub fn derive_orchestrator(input: TokenStream) -> TokenStream {
    orchestrator_codegen::derive(input.into()).into()
}

/// Checks and instruments the coordination methods of an orchestrator's impl block; see the
/// `orchestrator` crate (the package `orchestrator-pattern`).
#[proc_macro_attribute]
pub fn orchestrate(args: TokenStream, input: TokenStream) -> TokenStream {
    orchestrator_codegen::orchestrate(args.into(), input.into()).into()
}
