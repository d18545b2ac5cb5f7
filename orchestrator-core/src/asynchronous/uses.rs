//! [`AsyncUses`]: the async form of [`Uses`](crate::Uses), a component that starts and stops
//! with the components it depends on.

use core::future::Future;

use crate::{ComponentError, Health, Uses};

/// An async component whose `init` and `cleanup` receive shared references to the components it
/// declared with `#[component(uses(a, b))]`: the async form of [`Uses`](crate::Uses), whose
/// rustdoc explains the design. One dependency is passed as `&'a A`, several as a tuple
/// `(&'a A, &'a B)`, in the order of `uses(...)`.
///
/// ```
/// use orchestrator::{AsyncComponent, AsyncUses, ComponentError};
///
/// struct Database { url: String }
/// impl AsyncComponent for Database {}
///
/// #[derive(Default)]
/// struct Worker { target: Option<String> }
///
/// impl<'a> AsyncUses<&'a Database> for Worker {
///     async fn init(&mut self, db: &'a Database) -> Result<(), ComponentError> {
///         // e.g. `self.task = Some(tokio::spawn(run(db.pool.clone(), receiver)))`
///         self.target = Some(db.url.clone());
///         Ok(())
///     }
///     async fn cleanup(&mut self, db: &'a Database) -> Result<(), ComponentError> {
///         // e.g. drain the queue into `db` before it closes
///         let _ = db;
///         self.target = None;
///         Ok(())
///     }
/// }
/// # let _ = Database { url: String::new() };
/// ```
///
/// The futures are `Send`, and so is the component. Every [`Uses<D>`](crate::Uses) that is
/// `Send` is an `AsyncUses<D>` too (its sync steps run when the future is polled).
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not start with `{D}`: it implements neither `AsyncUses<{D}>` nor `Uses<{D}>`",
    label = "`uses(...)` passes these references to this component's `init` and `cleanup`",
    note = "implement it with a lifetime parameter, `impl<'a> AsyncUses<&'a Db> for {Self}` (a tuple `(&'a A, &'a B)` for several, in the order of `uses(...)`); a type parameter of the struct is bounded where it is declared, `{Self}: for<'a> AsyncUses<{D}>`; or list in `uses(...)` exactly the components it takes"
)]
pub trait AsyncUses<D>: Send {
    /// Creates and configures the component's resources, with its dependencies initialized.
    /// Default: nothing.
    ///
    /// # Errors
    /// An error stops the orchestrator's initialization, which cleans up every initialized
    /// component.
    fn init(&mut self, deps: D) -> impl Future<Output = Result<(), ComponentError>> + Send {
        let _ = deps;
        async { Ok(()) }
    }

    /// Releases what `init` acquired, with its dependencies still initialized. Default: nothing.
    ///
    /// # Errors
    /// An error is recorded; the other components are still cleaned up.
    fn cleanup(&mut self, deps: D) -> impl Future<Output = Result<(), ComponentError>> + Send {
        let _ = deps;
        async { Ok(()) }
    }

    /// The component's health, shown in the orchestrator's status. Default: [`Health::Healthy`].
    fn health(&self) -> Health {
        Health::Healthy
    }

    /// Whether `init` and `cleanup` block the thread (a sync [`Uses`](crate::Uses)), so that no
    /// timer can interrupt them. Set by the blanket impl for sync components; leave it alone.
    #[doc(hidden)]
    const BLOCKING: bool = false;
}

/// (`do_not_recommend`: a component that takes neither is reported with `AsyncUses`'s message,
/// and a generic parameter is suggested the one bound `for<'a> AsyncUses<&'a Db>`.)
#[diagnostic::do_not_recommend]
impl<D: Send, T: Uses<D> + Send> AsyncUses<D> for T {
    const BLOCKING: bool = true;

    async fn init(&mut self, deps: D) -> Result<(), ComponentError> {
        Uses::init(self, deps)
    }

    async fn cleanup(&mut self, deps: D) -> Result<(), ComponentError> {
        Uses::cleanup(self, deps)
    }

    fn health(&self) -> Health {
        Uses::health(self)
    }
}
