//! The [`AsyncOrchestrator`] trait.

use core::future::Future;

use crate::{CleanupError, InitError, State, Status};

/// An orchestrator whose components are [`AsyncComponent`](crate::AsyncComponent)s: the async
/// counterpart of [`Orchestrator`](crate::Orchestrator), with the same guarantees.
///
/// | call | from | effect | to |
/// |---|---|---|---|
/// | `initialize().await` | `Ready` | nothing, `Ok(())` | `Ready` |
/// | `initialize().await` | `Created`, `Stopped`, `Failed` | level by level, every `init` of a level concurrently; then the register hook | `Ready` |
/// | `initialize().await` fails | | the other `init`s of the failing level finish, then every initialized component is cleaned up, level by level in reverse; [`InitError`] | `Failed` |
/// | `cleanup().await` | `Ready` | level by level in reverse, every `cleanup` of a level concurrently, past errors and panics; [`CleanupError`] holds them all | `Stopped` |
/// | `cleanup().await` | `Created`, `Stopped`, `Failed` | nothing, `Ok(())` | unchanged |
///
/// A component's *level* is 0 when it depends on nothing, else one more than the deepest of
/// the components it is initialized `after(...)` ([`Graph::levels`](crate::Graph::levels)).
///
/// No async runtime is needed: the components of a level are polled together by a small join
/// inside this crate, so `initialize()` runs on any executor (tokio, async-std, smol, a
/// `block_on`). Only per-component timeouts need tokio (the `tokio` feature). The futures are
/// `Send`, so `initialize()` can run inside `tokio::spawn`.
///
/// A panic inside a component's future is caught with `catch_unwind` at each poll and
/// reported as that component's error, like in the sync lifecycle; with `panic = "abort"`
/// there is nothing to catch.
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
    /// [`InitError`] when a component's `init` or the register hook fails, panics or (with a
    /// timeout) takes too long; every initialized component is cleaned up again, and the
    /// orchestrator is `Failed`.
    fn initialize(&mut self) -> impl Future<Output = Result<(), InitError>> + Send;

    /// Cleans up every initialized component, level by level in reverse, concurrently within a
    /// level.
    ///
    /// # Errors
    /// [`CleanupError`] with every component whose `cleanup` failed, panicked or timed out; the
    /// others were still cleaned up, and the orchestrator is `Stopped` either way.
    fn cleanup(&mut self) -> impl Future<Output = Result<(), CleanupError>> + Send;

    /// A snapshot of the orchestrator and its components.
    fn status(&self) -> Status;

    /// The orchestrator's state.
    fn state(&self) -> State;
}
