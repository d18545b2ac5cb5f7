//! The generated code is warning-free under the strictest lints a user may set.
#![deny(warnings, unused_qualifications, clippy::pedantic)]

use orchestrator::prelude::*;

/// Checks input.
#[derive(Debug, Default)]
pub struct Validator;
impl Component for Validator {}
impl FromConfig<Settings> for Validator {
    fn from_config(_: &Settings) -> Self {
        Validator
    }
}

/// Analyzes input.
#[derive(Debug, Default)]
pub struct Analyzer;
impl Component for Analyzer {}
impl FromConfig<Settings> for Analyzer {
    fn from_config(_: &Settings) -> Self {
        Analyzer
    }
}

/// Records results.
#[derive(Debug, Default)]
pub struct AuditLog;
impl Component for AuditLog {}
impl FromConfig<Settings> for AuditLog {
    fn from_config(_: &Settings) -> Self {
        AuditLog
    }
}

/// The settings.
#[derive(Debug, Default)]
pub struct Settings {
    /// How often to retry.
    pub retries: u32,
}

/// A public orchestrator with every feature of the derive.
#[derive(Orchestrator)]
#[orchestrator(register = Self::wire, max_components = 4, min_components = 2, max_lines = 100, cleanup_on_drop, from_config)]
pub struct Processing {
    #[orchestrator(config)]
    settings: Settings,
    #[component]
    validator: Validator,
    #[component(after(validator))]
    analyzer: Analyzer,
    #[component(name = "audit-log")]
    logger: AuditLog,
    lifecycle: Lifecycle,
}

impl Processing {
    #[allow(clippy::unnecessary_wraps)]
    fn wire(&mut self) -> Result<(), ComponentError> {
        let _ = (&self.validator, &self.analyzer, &self.logger, &self.settings);
        Ok(())
    }
}

/// A component borrowing its store.
#[derive(Debug)]
pub struct Cache<'a> {
    /// The store.
    pub store: &'a mut Vec<u8>,
}
impl Component for Cache<'_> {}

/// A generic one, with a lifetime and a where clause, built with `new`.
#[derive(Orchestrator)]
pub struct Generic<'a, V: Component, A>
where
    A: Component + Default,
{
    #[component]
    validator: V,
    #[component]
    analyzer: A,
    #[component]
    cache: Cache<'a>,
    lifecycle: Lifecycle,
}

/// Hidden types in a private module: `new` must not warn about private interfaces.
mod private {
    use orchestrator::prelude::*;

    #[derive(Debug)]
    struct Hidden;
    impl Component for Hidden {}

    #[derive(Orchestrator)]
    pub(crate) struct Inner {
        #[component]
        a: Hidden,
        #[component]
        b: Hidden,
        lifecycle: Lifecycle,
    }

    pub(crate) fn build() -> Inner {
        Inner::from_parts(Hidden, Hidden)
    }
}

/// Eight components, the most `max_components` allows by default.
#[derive(Orchestrator)]
pub struct Wide {
    #[component]
    c1: Validator,
    #[component]
    c2: Validator,
    #[component]
    c3: Validator,
    #[component]
    c4: Validator,
    #[component]
    c5: Validator,
    #[component]
    c6: Validator,
    #[component]
    c7: Validator,
    #[component]
    c8: Validator,
    lifecycle: Lifecycle,
}

fn main() {
    let mut processing = Processing::from_config(Settings::default());
    processing.initialize().unwrap();
    assert_eq!(processing.status().components.len(), 3);
    let mut store = Vec::new();
    let mut generic = Generic::from_parts(Validator, Analyzer, Cache { store: &mut store });
    generic.initialize().unwrap();
    generic.cleanup().unwrap();
    let mut inner = private::build();
    inner.initialize().unwrap();
    let v = || Validator;
    let wide = Wide::from_parts(v(), v(), v(), v(), v(), v(), v(), v());
    assert_eq!(wide.state(), State::Created);
}
