//! Procedural macros of `orchestrator`: `#[derive(Orchestrator)]` and `#[orchestrate]`.
//!
//! The derive runs in stages, one module each: `attr` parses the attributes with darling,
//! `model` builds the validated form of the struct, `rules` checks the pattern's rules (one
//! module per rule), `expand` writes the tokens, and `fallback` is what is emitted instead
//! when the struct cannot be expanded. Every error is accumulated and reported together.
//! Users depend on the `orchestrator` crate, which re-exports these macros.

mod attr;
#[cfg(test)]
mod derive_fuzz;
#[cfg(test)]
mod derive_tests;
mod errors;
mod expand;
mod expand_async;
#[cfg(test)]
mod expand_file;
mod fallback;
#[cfg(test)]
mod fuzz_rng;
mod model;
mod orchestrate;
mod rules;

use proc_macro::TokenStream;
use quote::quote;

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
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive(&input).into()
}

/// Checks and instruments the coordination methods of an orchestrator's impl block; see the
/// `orchestrator` crate.
#[proc_macro_attribute]
pub fn orchestrate(args: TokenStream, input: TokenStream) -> TokenStream {
    orchestrate::expand(args.into(), input.into()).into()
}

/// The derive, on `proc_macro2` tokens (unit-testable): the expansion, or the fallback, plus
/// every error of the item.
fn derive(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    let mut errors = errors::Errors::new();
    let model = model::build(input, &mut errors);
    if let Some(model) = &model {
        rules::check(model, &mut errors);
    }
    let code = match &model {
        Some(model) if model.has_lifecycle && model.asynchronous => expand_async::expand(model),
        Some(model) if model.has_lifecycle => expand::expand(model),
        _ => fallback::fallback(input, model.as_ref()),
    };
    let errors = errors.into_compile_errors();
    quote!(#code #errors)
}
