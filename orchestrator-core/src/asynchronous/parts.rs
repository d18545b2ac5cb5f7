//! [`AsyncComponents`]: what the derive implements for an async orchestrator, besides the base
//! [`DerivedOrchestrator`]. Every `AsyncComponents` is an `AsyncOrchestrator` (the blanket impl
//! in `run.rs`).

use super::component::{BoxFuture, DynAsyncComponent};
use crate::Lifecycle;
use crate::parts::{DerivedOrchestrator, StepResult};

/// The components of an async orchestrator, numbered in initialization order, its timeouts and
/// its register hook: the async counterpart of `SyncComponents`. The reviewed expansion
/// `orchestrator-codegen/tests/expand/async_services.expanded.rs` shows the impl the derive
/// generates.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a derived async orchestrator",
    label = "`#[orchestrate]` goes on the impl block of a struct with `#[derive(Orchestrator)]`",
    note = "add `#[derive(Orchestrator)]` to the struct `{Self}`"
)]
pub trait AsyncComponents: DerivedOrchestrator + Send {
    /// Per component (initialization order), its `timeout_ms`, for both `init` and `cleanup`;
    /// `None`, or an index past the end, is no timeout. Needs the `tokio` feature: without it
    /// a component with a timeout fails its `init` saying so (see `TIMEOUTS_SUPPORTED` for a
    /// compile-time check).
    const TIMEOUTS_MS: &'static [Option<u64>] = &[];

    /// The lifecycle field and every component, mutably and at once (so that the components of
    /// a level can be initialized together), in initialization order.
    fn split(&mut self) -> (&mut Lifecycle, Vec<&mut dyn DynAsyncComponent>);
    /// Component `index`, `None` past the end.
    fn component(&self, index: usize) -> Option<&dyn DynAsyncComponent>;
    /// The register hook, run once after every component's `init`. Default: nothing.
    ///
    /// # Errors
    /// The hook's error; the lifecycle rolls back every component.
    fn register(&mut self) -> BoxFuture<'_, StepResult> {
        Box::pin(NoHook)
    }
}

/// The register hook of an orchestrator without one: done at once. Zero-sized, so boxing it
/// does not allocate.
struct NoHook;

impl core::future::Future for NoHook {
    type Output = StepResult;

    fn poll(self: core::pin::Pin<&mut Self>, _: &mut core::task::Context<'_>) -> core::task::Poll<Self::Output> {
        core::task::Poll::Ready(Ok(()))
    }
}
