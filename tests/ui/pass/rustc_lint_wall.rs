//! The generated code of both macros is clean under every stable rustc lint a user may deny
//! (the allow-by-default ones, with `missing_docs` on a public orchestrator), for a sync
//! orchestrator with a config, `uses`, `from_config` and a register hook, an async one with a
//! timeout and an async hook, a generic one, and `#[orchestrate]` blocks of each.
#![deny(warnings, missing_docs)]
#![deny(
    absolute_paths_not_starting_with_crate,
    ambiguous_negative_literals,
    closure_returning_async_block,
    deprecated_in_future,
    deprecated_safe_2024,
    deref_into_dyn_supertrait,
    edition_2024_expr_fragment_specifier,
    elided_lifetimes_in_paths,
    explicit_outlives_requirements,
    ffi_unwind_calls,
    if_let_rescope,
    impl_trait_overcaptures,
    impl_trait_redundant_captures,
    keyword_idents_2018,
    keyword_idents_2024,
    let_underscore_drop,
    macro_use_extern_crate,
    meta_variable_misuse,
    missing_copy_implementations,
    missing_debug_implementations,
    missing_unsafe_on_extern,
    non_ascii_idents,
    redundant_imports,
    redundant_lifetimes,
    rust_2021_incompatible_closure_captures,
    rust_2021_incompatible_or_patterns,
    rust_2021_prefixes_incompatible_syntax,
    rust_2021_prelude_collisions,
    rust_2024_guarded_string_incompatible_syntax,
    rust_2024_incompatible_pat,
    rust_2024_prelude_collisions,
    single_use_lifetimes,
    tail_expr_drop_order,
    trivial_casts,
    trivial_numeric_casts,
    unit_bindings,
    unnameable_types,
    unreachable_pub,
    unsafe_attr_outside_unsafe,
    unsafe_code,
    unsafe_op_in_unsafe_fn,
    unstable_features,
    unused_extern_crates,
    unused_import_braces,
    unused_lifetimes,
    unused_macro_rules,
    unused_qualifications,
    unused_results,
    variant_size_differences
)]

use orchestrator::async_prelude::*;

/// The settings.
#[derive(Debug, Default, Clone, Copy)]
pub struct Settings {
    /// How often to retry.
    pub retries: u32,
}

/// A database.
#[derive(Debug, Default, Clone, Copy)]
pub struct Database;
impl Component for Database {}
impl FromConfig<Settings> for Database {
    fn from_config(_: &Settings) -> Self {
        Database
    }
}

/// A worker that starts with the database.
#[derive(Debug, Default, Clone, Copy)]
pub struct Worker;
impl Uses<&Database> for Worker {}
impl FromConfig<Settings> for Worker {
    fn from_config(_: &Settings) -> Self {
        Worker
    }
}

/// A sync orchestrator with every key of the derive.
#[derive(Debug, Orchestrator)]
#[orchestrator(register = Self::wire, from_config, cleanup_on_drop, max_components = 4)]
pub struct Jobs {
    #[orchestrator(config)]
    settings: Settings,
    #[component]
    database: Database,
    #[component(uses(database), name = "the-worker")]
    worker: Worker,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Jobs {
    /// Runs one job.
    ///
    /// # Errors
    /// `NotReady` before `initialize()`.
    pub fn run(&mut self, job: &str) -> Result<usize, NotReady> {
        Ok(job.len())
    }

    /// The retries, or a panic before `initialize()`.
    #[must_use]
    pub fn retries(&self) -> u32 {
        self.settings.retries
    }

    #[allow(clippy::unnecessary_wraps)]
    fn wire(&mut self) -> Result<(), ComponentError> {
        let _ = self.retries();
        Ok(())
    }
}

/// An async pool.
#[derive(Debug, Default, Clone, Copy)]
pub struct Pool;
impl AsyncComponent for Pool {}

/// An async feeder that starts with the pool.
#[derive(Debug, Default, Clone, Copy)]
pub struct Feeder;
impl AsyncUses<&Pool> for Feeder {}

/// An async orchestrator with a timeout and an async register hook.
#[derive(Debug, Orchestrator)]
#[orchestrator(async, register = Self::wire)]
pub struct Pipeline {
    #[component(timeout_ms = 500)]
    pool: Pool,
    #[component(uses(pool))]
    feeder: Feeder,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Pipeline {
    /// Feeds one item.
    ///
    /// # Errors
    /// `NotReady` before `initialize()`.
    pub async fn feed(&mut self, item: u8) -> Result<u8, NotReady> {
        Ok(item)
    }

    async fn wire(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }
}

/// A generic orchestrator, for test doubles.
#[derive(Debug, Orchestrator)]
pub struct Generic<'n, D: Component, W = Worker>
where
    W: for<'a> Uses<&'a D>,
{
    #[component]
    database: D,
    #[component(uses(database))]
    worker: W,
    #[orchestrator(config)]
    name: &'n str,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl<D: Component, W: for<'a> Uses<&'a D>> Generic<'_, D, W> {
    /// The name.
    #[must_use]
    pub fn name(&self) -> &str {
        self.name
    }
}

fn main() {
    let mut jobs = Jobs::from_config(Settings::default());
    jobs.initialize().unwrap();
    assert_eq!(jobs.run("x"), Ok(1));
    let pipeline = Pipeline::from_parts(Pool, Feeder);
    assert_eq!(pipeline.state(), State::Created);
    let mut generic = Generic::from_parts(Database, Worker, "generic");
    generic.initialize().unwrap();
    assert_eq!(generic.name(), "generic");
}
