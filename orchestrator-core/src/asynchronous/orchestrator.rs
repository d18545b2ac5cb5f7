//! The [`AsyncOrchestrator`] trait.

use core::future::Future;
use std::time::Duration;

use super::timeout::TimeoutError;
use crate::{CleanupError, ComponentOf, InitError, RestartError, RestartPolicy, State, Status, StatusHandle};

/// An orchestrator whose components are [`AsyncComponent`](crate::AsyncComponent)s: the async
/// counterpart of [`Orchestrator`](crate::Orchestrator), with the same guarantees, and correct
/// when its futures are dropped.
///
/// | call | from | effect | to |
/// |---|---|---|---|
/// | `initialize().await` | `Ready` | nothing, `Ok(())` | `Ready` |
/// | `initialize().await` | `Created`, `Stopped`, `Failed` | level by level, every `init` of a level concurrently; then the register hook | `Ready` |
/// | `initialize().await` | `Starting`, `Stopping` (an earlier call was dropped) | first cleans up every component still initialized, then as above | `Ready` |
/// | `initialize().await` fails | | the other `init`s of the failing level finish, then every initialized component is cleaned up, level by level in reverse; [`InitError`] | `Failed` |
/// | `cleanup().await` | `Ready`, `Starting`, `Stopping` | level by level in reverse, every `cleanup` of a level concurrently, of every component still initialized, past errors and panics; [`CleanupError`] holds them all | `Stopped` |
/// | `cleanup().await` | `Created`, `Stopped`, `Failed` | nothing, `Ok(())` | unchanged |
///
/// A component's *level* is 0 when it depends on nothing, else one more than the deepest of
/// the components it is initialized `after(...)` ([`Graph::levels`](crate::Graph::levels)).
///
/// No async runtime is needed: the components of a level are polled together by a small join
/// inside this crate, so `initialize()` runs on any executor (tokio, async-std, smol, a
/// `block_on`). Only timeouts need tokio (the `tokio` feature). The futures are `Send`, so
/// `initialize()` can run inside `tokio::spawn`.
///
/// A panic inside a component's future, or in dropping it, is caught with `catch_unwind` and
/// reported as that component's error, like in the sync lifecycle; with `panic = "abort"`
/// there is nothing to catch.
///
/// # Cancellation
///
/// The future of `initialize()` or `cleanup()` may be dropped at any `.await`: by a
/// `tokio::select!` that takes another branch, by an outer `tokio::time::timeout`, by a task
/// that is aborted. Each component's outcome is recorded the moment its own future completes,
/// and the orchestrator stays `Starting` or `Stopping` until the call finishes, so whenever the
/// future is dropped:
///
/// - `cleanup()` afterwards releases every component that is initialized (and only those: a
///   component whose `init` was cut short counts as not initialized; one whose `cleanup` was
///   cut short counts as still initialized);
/// - `initialize()` afterwards first does that release, then initializes every component, so
///   each one is initialized exactly once since its last cleanup;
/// - no coordination method runs unless the orchestrator is `Ready` (every component
///   initialized and the register hook finished), or from inside the running register hook.
///
/// A component step cut short is dropped like any future: whatever it acquired before its last
/// `.await` must be released by its own `Drop` (as for any cancelled future).
///
/// ```no_run
/// use std::future::Future;
/// use std::time::Duration;
///
/// use orchestrator::AsyncOrchestrator;
///
/// type BoxError = Box<dyn std::error::Error + Send + Sync>;
///
/// /// Starts `service` unless `shutdown` (Ctrl-C, say) comes first, then stops it within 5 s.
/// async fn serve(service: &mut impl AsyncOrchestrator, shutdown: impl Future<Output = ()>) -> Result<(), BoxError> {
///     // Ctrl-C during a slow start: the start is dropped, and everything started is released.
///     tokio::select! {
///         started = service.initialize() => started?,
///         () = shutdown => {
///             service.cleanup().await?; // releases the components that finished their init
///             return Ok(());
///         }
///     }
///
///     // ... the service runs ...
///
///     // An outer timeout: no component is cleaned up twice, none is forgotten.
///     if tokio::time::timeout(Duration::from_secs(5), service.cleanup()).await.is_err() {
///         service.cleanup().await?; // goes on with the components still initialized
///     }
///     Ok(())
/// }
/// ```
///
/// (Both run as tests of the facade crate, in `tests/cancellation.rs`.) Rather than an outer
/// timeout, give the call its own deadline with [`set_cleanup_timeout`](Self::set_cleanup_timeout):
/// it reports which components were still running and still cleans up what they depend on.
///
/// # Re-entrancy
///
/// The register hook gets `&mut self` and may call coordination methods. If it calls
/// `initialize()` or `cleanup()` of its own orchestrator, that call does nothing and returns an
/// error whose cause is [`Reentrant`](crate::Reentrant): a lifecycle call never re-enters
/// itself, never initializes or cleans up a component twice, and never recurses.
///
/// # Deadlines and timeouts
///
/// With the `tokio` feature, inside a tokio runtime with its timer:
///
/// - [`set_initialize_timeout`](Self::set_initialize_timeout) and
///   [`set_cleanup_timeout`](Self::set_cleanup_timeout) bound a whole call. When the deadline
///   passes, the steps still running are dropped and fail with a [`TimedOut`](crate::TimedOut)
///   error (their components are `Failed`); every later step (for `cleanup()`, the components
///   the timed-out ones depend on) still runs, polled once: what finishes without waiting is
///   done, what would wait is timed out at once. So the call returns at the deadline plus one
///   poll of each remaining step.
/// - A deadline bounds the whole call it is set for, from the call's start, including the
///   release an `initialize()` does first of what a dropped call left, and the rollback after
///   a failed `initialize()`. Those two are cleanups, so the cleanup deadline bounds them too:
///   whichever passes first. When the initialize deadline passes during that first release,
///   `initialize()` fails with the release's [`TimedOut`](crate::TimedOut) (phase
///   `Cleanup`): nothing is left initialized, and nothing is started. A `restart` cleans up
///   under the cleanup deadline and initializes again under the initialize deadline.
/// - [`cleanup_within`](Self::cleanup_within) bounds one `cleanup()` without changing the set
///   deadline (a supervised run's shutdown deadline is given this way, and stays in the run).
/// - [`set_timeout`](Self::set_timeout) bounds one component's `init` and `cleanup`, at run time
///   (for example from the config), overriding its `#[component(timeout_ms = N)]`.
///
/// A timer interrupts a step only at its `.await`s. A sync [`Component`](crate::Component) in
/// an async orchestrator blocks the thread in its `init` and `cleanup`, and nothing can
/// interrupt it: `set_timeout` refuses it ([`TimeoutError::Blocking`]), and `timeout_ms` on
/// it does not compile. A hanging sync step also holds up the whole call's deadline.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an async orchestrator",
    label = "this type has no `#[derive(Orchestrator)]` with async components",
    note = "derive it, or implement `orchestrator::AsyncOrchestrator` by hand"
)]
pub trait AsyncOrchestrator {
    /// The orchestrator's name: the struct's name.
    const NAME: &'static str;
    /// The components' names, in initialization order (a topological order of
    /// [`AsyncOrchestrator::DEPENDENCIES`]).
    const COMPONENTS: &'static [&'static str];
    /// For each component (initialization order), the indices in
    /// [`AsyncOrchestrator::COMPONENTS`] of the components it is initialized after. Empty when
    /// no component declares a dependency: then every component is on level 0 and all of them
    /// initialize concurrently.
    const DEPENDENCIES: &'static [&'static [usize]] = &[];

    /// Initializes the components level by level, concurrently within a level, then runs the
    /// register hook.
    ///
    /// # Errors
    /// [`InitError`] when a component's `init` or the register hook fails, panics or takes too
    /// long; every initialized component is cleaned up again, and the orchestrator is
    /// `Failed`. Called from the register hook: an error whose cause is
    /// [`Reentrant`](crate::Reentrant), and nothing changes.
    fn initialize(&mut self) -> impl Future<Output = Result<(), InitError>> + Send;

    /// Cleans up every initialized component, level by level in reverse, concurrently within a
    /// level.
    ///
    /// # Errors
    /// [`CleanupError`] with every component whose `cleanup` failed, panicked or timed out; the
    /// others were still cleaned up, and the orchestrator is `Stopped` either way. Called from
    /// the register hook: a [`Reentrant`](crate::Reentrant) failure, and nothing changes.
    fn cleanup(&mut self) -> impl Future<Output = Result<(), CleanupError>> + Send;

    /// [`cleanup`](Self::cleanup) bounded by `deadline` (`None`: no deadline) for this call
    /// only, in place of the deadline [`set_cleanup_timeout`](Self::set_cleanup_timeout) set,
    /// which holds again for later calls. A supervised run shuts down with it, so that its
    /// shutdown deadline stays in the run. The default body (for orchestrators implemented by
    /// hand, which take no time limits) is `cleanup()`.
    ///
    /// # Errors
    /// As [`cleanup`](Self::cleanup).
    fn cleanup_within(&mut self, deadline: Option<Duration>) -> impl Future<Output = Result<(), CleanupError>> + Send {
        let _ = deadline;
        self.cleanup()
    }

    /// Restarts the component `component` (the orchestrator's generated key, or a name as a
    /// string: see [`ComponentOf`]) and every component that depends on it, directly or through
    /// others ([`Graph::dependents`](crate::Graph::dependents)): they are
    /// cleaned up level by level from the deepest, then initialized again level by level, so
    /// no dependent's `init` begins before its dependency is initialized again. The others keep
    /// running; the register hook does not run again. Meanwhile the orchestrator is
    /// `Starting`: coordination methods are refused, and if this future is dropped, the next
    /// `initialize()` or `cleanup()` deals with what it left.
    ///
    /// # Errors
    /// [`RestartError`]: an unknown name (the error suggests the closest one), or an
    /// orchestrator that is not `Ready`, change nothing; a failed `init` rolls back every
    /// component (the orchestrator is `Failed`); failed cleanups are reported with the
    /// orchestrator `Ready` again. The default body (for orchestrators implemented by hand)
    /// returns [`RestartError::NotSupported`].
    fn restart(&mut self, component: impl ComponentOf<Self>) -> impl Future<Output = Result<(), RestartError>> + Send {
        let _ = component;
        core::future::ready(Err(RestartError::NotSupported { orchestrator: Self::NAME }))
    }

    /// [`restart`](Self::restart) with a choice of what restarts with the component: itself
    /// only, itself and its dependents (what `restart` does), or every component. The same
    /// order and failure rules apply. The default body (for orchestrators implemented by
    /// hand) returns [`RestartError::NotSupported`].
    ///
    /// # Errors
    /// As [`restart`](Self::restart).
    fn restart_with(
        &mut self,
        component: impl ComponentOf<Self>,
        policy: RestartPolicy,
    ) -> impl Future<Output = Result<(), RestartError>> + Send {
        let _ = (component, policy);
        core::future::ready(Err(RestartError::NotSupported { orchestrator: Self::NAME }))
    }

    /// A snapshot of the orchestrator and its components.
    fn status(&self) -> Status;

    /// A live view of this orchestrator for other tasks (an HTTP `/health` or `/ready`
    /// handler): cheap to clone, `Send + Sync`, updated by every lifecycle call (and by a
    /// supervised run's health checks) from now on. The first call creates it; until then the
    /// lifecycle keeps no view and costs nothing. The default body (for orchestrators
    /// implemented by hand) returns a [`StatusHandle::detached`] view that never changes.
    fn status_handle(&mut self) -> StatusHandle {
        StatusHandle::detached(Self::NAME, Self::COMPONENTS)
    }

    /// The orchestrator's state.
    fn state(&self) -> State;

    /// Bounds every later `initialize()` as a whole (`None`: no bound, the default). See
    /// [Deadlines and timeouts](#deadlines-and-timeouts).
    ///
    /// # Errors
    /// [`TimeoutError::NoTimer`] without the `tokio` feature;
    /// [`TimeoutError::NotSupported`] from an orchestrator implemented by hand that does not
    /// provide it (this default).
    fn set_initialize_timeout(&mut self, timeout: Option<Duration>) -> Result<(), TimeoutError> {
        let _ = timeout;
        Err(TimeoutError::NotSupported { orchestrator: Self::NAME })
    }

    /// Bounds every later `cleanup()` (and rollback) as a whole (`None`: no bound, the default).
    /// See [Deadlines and timeouts](#deadlines-and-timeouts).
    ///
    /// # Errors
    /// [`TimeoutError::NoTimer`] without the `tokio` feature;
    /// [`TimeoutError::NotSupported`] from an orchestrator implemented by hand that does not
    /// provide it (this default).
    fn set_cleanup_timeout(&mut self, timeout: Option<Duration>) -> Result<(), TimeoutError> {
        let _ = timeout;
        Err(TimeoutError::NotSupported { orchestrator: Self::NAME })
    }

    /// Bounds the `init` and the `cleanup` of the component `component` (the orchestrator's
    /// generated key, or a name of [`COMPONENTS`](Self::COMPONENTS) as a string: see
    /// [`ComponentOf`]), overriding its `timeout_ms`; `None` removes its timeout.
    ///
    /// # Errors
    /// [`TimeoutError::UnknownComponent`] for a name that is no component (with the closest
    /// name),
    /// [`TimeoutError::Blocking`] for a sync `Component` (a timer cannot interrupt it),
    /// [`TimeoutError::NoTimer`] without the `tokio` feature; [`TimeoutError::NotSupported`]
    /// from an orchestrator implemented by hand that does not provide it (this default).
    /// Nothing changes then.
    fn set_timeout(
        &mut self,
        component: impl ComponentOf<Self>,
        timeout: Option<Duration>,
    ) -> Result<(), TimeoutError> {
        let _ = (component, timeout);
        Err(TimeoutError::NotSupported { orchestrator: Self::NAME })
    }

    /// Whether some component raises events (`#[component(emits(..))]`): a run then connects
    /// them. For generated code.
    #[doc(hidden)]
    #[cfg(feature = "tokio")]
    const __EMITS: bool = false;

    /// Connects the components' events to a running orchestrator. For generated code.
    #[doc(hidden)]
    #[cfg(feature = "tokio")]
    fn __connect(&self, link: &super::client::Link<Self>)
    where
        Self: Sized,
    {
        let _ = link;
    }
}
