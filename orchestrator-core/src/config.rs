//! [`FromConfig`]: how a component is built from its orchestrator's config.

/// Builds a component from the orchestrator's config; the constructor that
/// `#[orchestrator(from_config)]` generates calls it for every component.
///
/// ```
/// use orchestrator::{Component, FromConfig};
///
/// #[derive(Debug)]
/// struct AppConfig { retries: u32 }
///
/// struct RetryEngine { attempts: u32 }
/// impl Component for RetryEngine {}
/// impl FromConfig<AppConfig> for RetryEngine {
///     fn from_config(config: &AppConfig) -> Self {
///         RetryEngine { attempts: config.retries }
///     }
/// }
///
/// let engine = RetryEngine::from_config(&AppConfig { retries: 3 });
/// assert_eq!(engine.attempts, 3);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be built from the config `{C}`",
    label = "`from_config` builds every component from the config",
    note = "implement `orchestrator::FromConfig<{C}>` for `{Self}`, or build the orchestrator with `from_parts(...)`, passing each component"
)]
pub trait FromConfig<C: ?Sized>: Sized {
    /// Builds the component from the config.
    fn from_config(config: &C) -> Self;
}
