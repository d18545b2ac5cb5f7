//! [`AsyncParts`]: what the derive implements for an async orchestrator, besides
//! [`AsyncOrchestrator`].

use core::fmt::Debug;
use core::marker::PhantomData;

use std::time::Duration;

use super::component::{BoxFuture, DynAsyncComponent};
use super::orchestrator::AsyncOrchestrator;
use super::timeout::TimeoutError;
use crate::private::Parts;
use crate::{CleanupError, ComponentError, Graph, InitError, Lifecycle, RestartError, State, Status};

/// Access to the parts the async lifecycle functions work on: the async counterpart of
/// `Parts`. Components are numbered in initialization order (the order of
/// [`AsyncOrchestrator::COMPONENTS`]); their levels come from
/// [`AsyncOrchestrator::DEPENDENCIES`]. The module docs of `asynchronous` show the exact impl
/// the derive generates.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a derived async orchestrator",
    label = "`#[orchestrate]` goes on the impl block of a struct with `#[derive(Orchestrator)]`",
    note = "add `#[derive(Orchestrator)]` to the struct `{Self}`"
)]
pub trait AsyncParts: Parts + Send {
    /// [`AsyncOrchestrator::NAME`].
    const NAME: &'static str;
    /// [`AsyncOrchestrator::COMPONENTS`].
    const COMPONENTS: &'static [&'static str];
    /// [`AsyncOrchestrator::DEPENDENCIES`].
    const DEPENDENCIES: &'static [&'static [usize]] = &[];
    /// The components' types as written in the struct, in initialization order.
    const TYPES: &'static [&'static str];
    /// Per component (initialization order), its `timeout_ms`, for both `init` and `cleanup`;
    /// `None`, or an index past the end, is no timeout. Needs the `tokio` feature: without it
    /// a component with a timeout fails its `init` saying so (see `TIMEOUTS_SUPPORTED` for a
    /// compile-time check).
    const TIMEOUTS_MS: &'static [Option<u64>] = &[];
    /// The register hook's name, for errors (`"register"` when there is none).
    const REGISTER: &'static str = "register";

    /// The lifecycle field and every component, mutably and at once (so that the components of
    /// a level can be initialized together), in initialization order.
    fn split(&mut self) -> (&mut Lifecycle, Vec<&mut dyn DynAsyncComponent>);
    /// Component `index`, `None` past the end.
    fn component(&self, index: usize) -> Option<&dyn DynAsyncComponent>;
    /// The register hook, run once after every component's `init`. Default: nothing.
    ///
    /// # Errors
    /// The hook's error; the lifecycle rolls back every component.
    fn register(&mut self) -> BoxFuture<'_, Result<(), ComponentError>> {
        Box::pin(NoHook)
    }
    /// The config field, if any.
    fn config(&self) -> Option<&dyn Debug> {
        None
    }
    /// The components and their dependencies, as the lifecycle follows them. Default (and what
    /// the derive keeps): [`COMPONENTS`](Self::COMPONENTS) and
    /// [`DEPENDENCIES`](Self::DEPENDENCIES). A hand-written orchestrator may build its graph at
    /// run time (the lifecycle's property tests do).
    fn graph(&self) -> Graph {
        Graph::new(Self::NAME, Self::COMPONENTS, Self::DEPENDENCIES)
    }
}

/// Every `AsyncParts` is an [`AsyncOrchestrator`]: the methods are this crate's async
/// lifecycle functions.
impl<T: AsyncParts> AsyncOrchestrator for T {
    const NAME: &'static str = <T as AsyncParts>::NAME;
    const COMPONENTS: &'static [&'static str] = <T as AsyncParts>::COMPONENTS;
    const DEPENDENCIES: &'static [&'static [usize]] = <T as AsyncParts>::DEPENDENCIES;

    fn initialize(&mut self) -> impl core::future::Future<Output = Result<(), InitError>> + Send {
        super::run::initialize_async(self)
    }
    fn cleanup(&mut self) -> impl core::future::Future<Output = Result<(), CleanupError>> + Send {
        super::run::cleanup_async(self)
    }
    fn restart(&mut self, component: &str) -> impl core::future::Future<Output = Result<(), RestartError>> + Send {
        super::run::restart_async(self, component, super::RestartPolicy::WithDependents)
    }
    fn restart_with(
        &mut self,
        component: &str,
        policy: super::RestartPolicy,
    ) -> impl core::future::Future<Output = Result<(), RestartError>> + Send {
        super::run::restart_async(self, component, policy)
    }
    fn status(&self) -> Status {
        super::run::status_async(self)
    }
    fn status_handle(&mut self) -> crate::StatusHandle {
        let components = self.graph().components();
        self.lifecycle_mut().status_handle(<T as AsyncParts>::NAME, components)
    }
    fn state(&self) -> State {
        self.lifecycle().state()
    }
    fn set_initialize_timeout(&mut self, timeout: Option<Duration>) -> Result<(), TimeoutError> {
        timer_for(timeout)?;
        self.lifecycle_mut().limits.initialize = timeout;
        Ok(())
    }
    fn set_cleanup_timeout(&mut self, timeout: Option<Duration>) -> Result<(), TimeoutError> {
        timer_for(timeout)?;
        self.lifecycle_mut().limits.cleanup = timeout;
        Ok(())
    }
    fn set_timeout(&mut self, component: &str, timeout: Option<Duration>) -> Result<(), TimeoutError> {
        let name = <T as AsyncParts>::NAME;
        let Some(index) = <T as AsyncParts>::COMPONENTS.iter().position(|&c| c == component) else {
            return Err(TimeoutError::UnknownComponent { orchestrator: name, name: component.to_owned() });
        };
        timer_for(timeout)?;
        if timeout.is_some() && AsyncParts::component(self, index).is_some_and(|c| c.dyn_blocking()) {
            let component = <T as AsyncParts>::COMPONENTS[index];
            return Err(TimeoutError::Blocking { orchestrator: name, component });
        }
        self.lifecycle_mut().set_component_timeout(index, timeout);
        Ok(())
    }
}

/// A timeout can be set (`Some`) only when this build has a timer; removing one always works.
fn timer_for(timeout: Option<Duration>) -> Result<(), TimeoutError> {
    match timeout {
        Some(_) if !super::timeout::TIMEOUTS_SUPPORTED => Err(TimeoutError::NoTimer),
        _ => Ok(()),
    }
}

/// Compile-time probe of whether a concrete type implements [`AsyncOrchestrator`] (for the
/// `nested_orchestrator` rule, next to `Probe`): `<AsyncProbe<T>>::NESTED` is
/// the inherent `true` when it does, else the [`NotAnAsyncOrchestrator`] default `false`.
pub struct AsyncProbe<T: ?Sized>(PhantomData<T>);

/// The fallback of [`AsyncProbe`].
pub trait NotAnAsyncOrchestrator {
    /// `false`: the probed type is not an async orchestrator.
    const NESTED: bool = false;
}

impl<T: ?Sized> NotAnAsyncOrchestrator for AsyncProbe<T> {}

impl<T: ?Sized + AsyncOrchestrator> AsyncProbe<T> {
    /// `true`: the probed type is an async orchestrator.
    pub const NESTED: bool = true;
}

/// The register hook of an orchestrator without one: done at once. Zero-sized, so boxing it
/// does not allocate.
struct NoHook;

impl core::future::Future for NoHook {
    type Output = Result<(), ComponentError>;

    fn poll(self: core::pin::Pin<&mut Self>, _: &mut core::task::Context<'_>) -> core::task::Poll<Self::Output> {
        core::task::Poll::Ready(Ok(()))
    }
}
