//! [`Uses`]: a component that starts (and stops) with the components it depends on.

use crate::{ComponentError, Health};

/// A component whose `init` and `cleanup` receive shared references to the components it
/// declared with `#[component(uses(a, b))]`: a worker starts against its database, an HTTP
/// server against its worker.
///
/// `D` is what `uses(...)` names, in its order: one dependency is passed as `&'a A`, several as
/// a tuple `(&'a A, &'a B)`. The orchestrator initializes every dependency first (a `uses` is an
/// `after` too), cleans this component up before them, and passes the references straight from
/// its own fields: no lookup, no `Rc`, no allocation. A component keeps nothing borrowed past the
/// call (the lifetime `'a` is the call's); what it needs later it takes by value, such as a
/// connection pool's `Arc` handle or a channel's sender.
///
/// In an orchestrator, `#[component(uses(db))]` names the fields passed; the derive checks the
/// types (a `uses(...)` that names no component, or a component that does not implement `Uses`
/// of exactly those references, is a compile error on the attribute):
///
/// ```
/// use orchestrator::prelude::*;
///
/// struct Database { url: String }
/// impl Component for Database {}
///
/// #[derive(Default)]
/// struct Worker { target: Option<String> }
///
/// impl<'a> Uses<&'a Database> for Worker {
///     fn init(&mut self, db: &'a Database) -> Result<(), ComponentError> {
///         self.target = Some(db.url.clone());
///         Ok(())
///     }
/// }
///
/// #[derive(Orchestrator)]
/// struct Jobs {
///     #[component]
///     db: Database,
///     #[component(uses(db))] // after `db`; `init` and `cleanup` receive `&self.db`
///     worker: Worker,
///     lifecycle: Lifecycle,
/// }
///
/// let mut jobs = Jobs::from_parts(Database { url: "sqlite://jobs.db".into() }, Worker::default());
/// jobs.initialize()?;
/// assert_eq!(jobs.worker.target.as_deref(), Some("sqlite://jobs.db"));
///
/// // a component stays testable alone
/// let mut worker = Worker::default();
/// worker.init(&Database { url: "sqlite::memory:".into() })?;
/// assert_eq!(worker.target.as_deref(), Some("sqlite::memory:"));
/// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
/// ```
///
/// # The orchestrator's live status
///
/// `uses(...)` may also name the orchestrator's `Lifecycle` field: the component then receives
/// the orchestrator's [`StatusHandle`](crate::StatusHandle), by value (a clone: it is a cheap
/// handle, which a component keeps, such as an HTTP server answering `/health` from it). It
/// takes its place in the tuple in the order of `uses(...)`, and orders nothing (the lifecycle
/// exists before every component). The handle is the one `status_handle()` returns: taking it
/// makes the lifecycle publish to it from then on.
///
/// ```
/// use orchestrator::prelude::*;
///
/// struct Database;
/// impl Component for Database {}
///
/// #[derive(Default)]
/// struct Health { status: Option<StatusHandle> }
/// impl<'a> Uses<(&'a Database, StatusHandle)> for Health {
///     fn init(&mut self, (_db, status): (&'a Database, StatusHandle)) -> Result<(), ComponentError> {
///         self.status = Some(status); // serve `/health` from it
///         Ok(())
///     }
/// }
///
/// #[derive(Orchestrator)]
/// struct Service {
///     #[component]
///     db: Database,
///     #[component(uses(db, lifecycle))] // `lifecycle`: the field below
///     health: Health,
///     lifecycle: Lifecycle,
/// }
///
/// let mut service = Service::from_parts(Database, Health::default());
/// service.initialize()?;
/// let status = service.health.status.clone().expect("given in init");
/// assert!(status.is_ready());
/// service.cleanup()?;
/// assert_eq!(status.snapshot().state, State::Stopped);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Why this shape
///
/// Three shapes were weighed:
///
/// - **A second trait, generic over what is passed** (this one). A component that needs
///   nothing keeps `Component` unchanged; one that needs others says so in its impl header,
///   `impl Uses<&Database> for Worker`, readable at a glance and checked by the compiler at the
///   orchestrator's `uses(...)`. The generated code is one direct call per component,
///   `<Worker as Uses<&Database>>::init(&mut self.worker, &self.db)`, which `cargo expand` shows
///   plainly, and it borrows disjoint fields of the same struct, so it costs nothing.
/// - **A generic parameter on `Component`** (`Component<D = ()>`). Existing impls would keep
///   compiling, but every use of the trait (status, trait objects, bounds) would carry the
///   parameter, and one type could implement several `Component<D>` that the derive must choose
///   between.
/// - **A context struct generated per orchestrator**, passed to every `init`. Components would
///   depend on one orchestrator's generated type, so a component could not be reused in another
///   orchestrator or tested alone, and the dependency would not be visible in the component's
///   own signature.
///
/// Async components implement [`AsyncUses`](crate::AsyncUses); every `Uses<D> + Send` is one
/// too, as every `Component + Send` is an `AsyncComponent`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not start with `{D}`: it does not implement `Uses<{D}>`",
    label = "`uses(...)` passes these references to this component's `init` and `cleanup`",
    note = "implement it with a lifetime parameter, `impl<'a> Uses<&'a Db> for {Self}` (a tuple `(&'a A, &'a B)` for several, in the order of `uses(...)`); a type parameter of the struct is bounded where it is declared, `{Self}: for<'a> Uses<{D}>`; or list in `uses(...)` exactly the components it takes"
)]
pub trait Uses<D> {
    /// Creates and configures the component's resources, with its dependencies initialized.
    /// Default: nothing.
    ///
    /// # Errors
    /// An error stops the orchestrator's initialization, which cleans up every initialized
    /// component.
    fn init(&mut self, deps: D) -> Result<(), ComponentError> {
        let _ = deps;
        Ok(())
    }

    /// Releases what `init` acquired, with its dependencies still initialized. Default: nothing.
    ///
    /// # Errors
    /// An error is recorded; the other components are still cleaned up.
    fn cleanup(&mut self, deps: D) -> Result<(), ComponentError> {
        let _ = deps;
        Ok(())
    }

    /// The component's health, shown in the orchestrator's status. Default: [`Health::Healthy`].
    fn health(&self) -> Health {
        Health::Healthy
    }
}
