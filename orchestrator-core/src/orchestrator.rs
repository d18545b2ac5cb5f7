//! The [`Orchestrator`] trait.

use crate::{CleanupError, ComponentOf, InitError, RestartError, RestartPolicy, State, Status, StatusHandle};

/// A coordinator of components with a lifecycle: initialize → register → coordinate → cleanup.
///
/// `#[derive(Orchestrator)]` implements it: the derive only lists the components (in a hidden
/// trait), and a blanket impl in this crate turns that list into `Orchestrator`, so the
/// lifecycle itself (ordering, rollback, cleanup past errors and panics, idempotency) lives
/// once, here. It can also be implemented by hand, for an orchestrator whose parts are not
/// fields.
///
/// | call | from | effect | to |
/// |---|---|---|---|
/// | `initialize()` | `Ready` | nothing, `Ok(())` | `Ready` |
/// | `initialize()` | `Created`, `Stopped`, `Failed` | each component's `init` in order, then the register hook | `Ready` |
/// | `initialize()` fails | | the initialized components are cleaned up in reverse order; [`InitError`] | `Failed` |
/// | `cleanup()` | `Ready` | each `cleanup` in reverse order, past errors and panics; [`CleanupError`] holds them all | `Stopped` |
/// | `cleanup()` | `Created`, `Stopped`, `Failed` | nothing, `Ok(())` | unchanged |
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an orchestrator",
    label = "this type has no `#[derive(Orchestrator)]`",
    note = "add `#[derive(Orchestrator)]` to the struct, or implement `orchestrator::Orchestrator` by hand"
)]
pub trait Orchestrator {
    /// The orchestrator's name: the struct's name.
    const NAME: &'static str;
    /// The components' names, in initialization order (cleanup runs in the exact reverse).
    const COMPONENTS: &'static [&'static str];
    /// For each component (initialization order), the indices in [`Orchestrator::COMPONENTS`]
    /// of the components it is initialized after (`#[component(after(...))]`). Empty when no
    /// component declares a dependency. [`Graph`](crate::Graph) renders it.
    const DEPENDENCIES: &'static [&'static [usize]] = &[];

    /// Initializes every component in order, then runs the register hook.
    ///
    /// # Errors
    /// [`InitError`] when a component's `init` or the register hook fails or panics; the
    /// components initialized before it are cleaned up again, and the orchestrator is `Failed`.
    fn initialize(&mut self) -> Result<(), InitError>;

    /// Cleans up every initialized component, in the reverse of initialization order.
    ///
    /// # Errors
    /// [`CleanupError`] with every component whose `cleanup` failed or panicked; the others were
    /// still cleaned up, and the orchestrator is `Stopped` either way.
    fn cleanup(&mut self) -> Result<(), CleanupError>;

    /// A snapshot of the orchestrator and its components.
    fn status(&self) -> Status;

    /// The orchestrator's state.
    fn state(&self) -> State;

    /// A live view of this orchestrator for other threads or tasks (an HTTP `/health`
    /// handler): cheap to clone, `Send + Sync`, updated by every lifecycle call from now on.
    /// The first call creates it; until then the lifecycle keeps no view and costs nothing.
    /// The default body (for orchestrators implemented by hand) returns a
    /// [`StatusHandle::detached`] view that never changes.
    fn status_handle(&mut self) -> StatusHandle {
        StatusHandle::detached(Self::NAME, Self::COMPONENTS)
    }

    /// Restarts the component `component` and every component that depends on it, directly
    /// or through others: they are cleaned up in reverse initialization order, then initialized
    /// again in order; the others keep running, and the register hook does not run again.
    /// Meanwhile the orchestrator is `Starting`, so coordination methods are refused. Exactly
    /// the transitive dependents are restarted ([`Graph::dependents`](crate::Graph::dependents)):
    /// no more (Erlang/OTP's `rest_for_one` restarts everything after the child in list order)
    /// and no less.
    ///
    /// `component` is the orchestrator's generated key (`ShopComponent::Db`, checked at compile
    /// time) or a name of [`COMPONENTS`](Self::COMPONENTS) as a string (checked now): see
    /// [`ComponentOf`].
    ///
    /// # Errors
    /// [`RestartError`]: an unknown name (the error suggests the closest one), or an
    /// orchestrator that is not `Ready`, change nothing; a failed `init` rolls back every
    /// component, as a failed `initialize()` does (the orchestrator is `Failed`); failed
    /// cleanups are reported with the orchestrator `Ready` again. The default body (for
    /// orchestrators implemented by hand) returns [`RestartError::NotSupported`].
    fn restart(&mut self, component: impl ComponentOf<Self>) -> Result<(), RestartError> {
        self.restart_with(component, RestartPolicy::WithDependents)
    }

    /// [`restart`](Self::restart) with a choice of what restarts with the component: itself
    /// only, itself and its dependents (what `restart` does), or every component. The same
    /// order and failure rules apply.
    ///
    /// ```
    /// use orchestrator::prelude::*;
    ///
    /// #[derive(Default)]
    /// struct Db { starts: u32 }
    /// impl Component for Db {
    ///     fn init(&mut self) -> Result<(), ComponentError> {
    ///         self.starts += 1;
    ///         Ok(())
    ///     }
    /// }
    /// #[derive(Default)]
    /// struct Cache { starts: u32 }
    /// impl Component for Cache {
    ///     fn init(&mut self) -> Result<(), ComponentError> {
    ///         self.starts += 1;
    ///         Ok(())
    ///     }
    /// }
    ///
    /// #[derive(Orchestrator)]
    /// struct Shop {
    ///     #[component]
    ///     db: Db,
    ///     #[component(after(db))]
    ///     cache: Cache,
    ///     lifecycle: Lifecycle,
    /// }
    ///
    /// let mut shop = Shop::from_parts(Db::default(), Cache::default());
    /// shop.initialize()?;
    /// shop.restart_with(ShopComponent::Db, RestartPolicy::Component)?; // the database alone
    /// assert_eq!((shop.db.starts, shop.cache.starts), (2, 1));
    /// shop.restart(ShopComponent::Db)?; // the database and the cache, which comes after it
    /// assert_eq!((shop.db.starts, shop.cache.starts), (3, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`restart`](Self::restart). The default body (for orchestrators implemented by
    /// hand) returns [`RestartError::NotSupported`].
    fn restart_with(&mut self, component: impl ComponentOf<Self>, policy: RestartPolicy) -> Result<(), RestartError> {
        let _ = (component, policy);
        Err(RestartError::NotSupported { orchestrator: Self::NAME })
    }
}
