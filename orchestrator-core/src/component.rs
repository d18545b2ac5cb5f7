//! The [`Component`] trait and its [`Health`].

use crate::ComponentError;

/// A part an orchestrator coordinates: an engine, a service, a logger.
///
/// Every method has a default body, so a component that needs no setup is one line:
///
/// ```
/// use orchestrator::{Component, ComponentError, Health};
///
/// struct Cache;
/// impl Component for Cache {}
///
/// struct Database { open: bool }
/// impl Component for Database {
///     fn init(&mut self) -> Result<(), ComponentError> {
///         self.open = true;
///         Ok(())
///     }
///     fn cleanup(&mut self) -> Result<(), ComponentError> {
///         if !self.open {
///             return Err("database was not open".into());
///         }
///         self.open = false;
///         Ok(())
///     }
///     fn health(&self) -> Health {
///         if self.open { Health::Healthy } else { Health::Unhealthy("closed".into()) }
///     }
/// }
///
/// let mut db = Database { open: false };
/// db.init().unwrap();
/// assert_eq!(db.health(), Health::Healthy);
/// db.cleanup().unwrap();
/// # let _ = Cache;
/// ```
///
/// The orchestrator calls `init` once per start, in initialization order, and `cleanup` at most
/// once per successful `init`, in the reverse order. A panic in either is caught and reported
/// as an error of this component.
///
/// A boxed component is a component: `Box<C>` delegates to `C` (also `Box<dyn Component>`, a
/// component chosen at run time). No other wrapper is: the orchestrator owns its components and
/// starts and stops each once per start, so a shared `Arc<Mutex<C>>` would be started by every
/// orchestrator holding it, and an `Option<C>` has no lifecycle of its own. For such a value,
/// or any type of another crate (a `TcpListener`, a database connection), write a struct of
/// your own around it and implement `Component` for that struct; the orphan rule forbids
/// implementing `Component` for another crate's type directly.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a component: it does not implement `Component`",
    label = "this type must implement `Component`",
    note = "implement `orchestrator::Component` for it (every method has a default); for a type of another crate (`Arc<..>`, `Option<..>`, `TcpListener`), which the orphan rule keeps you from implementing it for, wrap it in a struct of your own and implement `Component` for that; an orchestrator is never a component (the nested_orchestrator rule)"
)]
pub trait Component {
    /// Creates and configures the component's resources. Default: nothing.
    ///
    /// # Errors
    /// An error stops the orchestrator's initialization, which cleans up the components
    /// initialized before this one.
    fn init(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }

    /// Releases what `init` acquired. Default: nothing.
    ///
    /// # Errors
    /// An error is recorded; the other components are still cleaned up.
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }

    /// The component's health, shown in the orchestrator's status. Default: [`Health::Healthy`].
    fn health(&self) -> Health {
        Health::Healthy
    }
}

/// `Box<C>` is the component `C`: each method delegates to it. (`do_not_recommend`: a type that
/// is no component is reported as such, without a list of the impls there are.)
#[diagnostic::do_not_recommend]
impl<C: Component + ?Sized> Component for Box<C> {
    #[inline]
    fn init(&mut self) -> Result<(), ComponentError> {
        (**self).init()
    }

    #[inline]
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        (**self).cleanup()
    }

    #[inline]
    fn health(&self) -> Health {
        (**self).health()
    }
}

/// How a component reports it is doing.
///
/// ```
/// use orchestrator::Health;
/// assert_eq!(Health::Degraded("slow disk".into()).to_string(), "degraded: slow disk");
/// ```
///
/// With the `serde` feature it implements `Serialize`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "health", content = "reason", rename_all = "snake_case"))]
pub enum Health {
    /// Working as intended.
    #[default]
    Healthy,
    /// Working, with a problem worth knowing.
    Degraded(String),
    /// Not working.
    Unhealthy(String),
    /// Not asked: the component is not initialized.
    Unknown,
}

impl Health {
    /// `true` for [`Health::Healthy`].
    #[must_use]
    pub fn is_healthy(&self) -> bool {
        matches!(self, Health::Healthy)
    }
}

impl core::fmt::Display for Health {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Health::Healthy => f.pad("healthy"),
            Health::Degraded(why) => write!(f, "degraded: {why}"),
            Health::Unhealthy(why) => write!(f, "unhealthy: {why}"),
            Health::Unknown => f.pad("-"),
        }
    }
}
