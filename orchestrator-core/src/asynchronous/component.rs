//! [`AsyncComponent`], and [`DynAsyncComponent`], its object-safe form for the engine.

use core::future::Future;
use core::pin::Pin;

use crate::{Component, ComponentError, Health};

/// A boxed, `Send` future: what the object-safe parts of the async lifecycle return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Builds a step's future, turning a panic while building it into a ready error: a component
/// may do work (and panic) before it returns its future.
pub fn build_step<'a>(
    step: impl FnOnce() -> BoxFuture<'a, Result<(), ComponentError>>,
) -> BoxFuture<'a, Result<(), ComponentError>> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)) {
        Ok(future) => future,
        Err(payload) => {
            let error = crate::panic::panic_error(payload);
            Box::pin(core::future::ready(Err(error)))
        }
    }
}

/// A part an async orchestrator coordinates, whose `init` and `cleanup` are `async`.
///
/// Every method has a default body. Every [`Component`] that is `Send` is an
/// `AsyncComponent` too (a blanket impl runs its sync `init`/`cleanup` when the future is
/// polled), so sync components can sit in an async orchestrator next to async ones. A type of
/// your own that is not a `Component` implements it directly (`use orchestrator::async_prelude::*;`
/// brings the trait into scope with the rest of the prelude):
///
/// ```
/// use orchestrator::{AsyncComponent, ComponentError, Health};
///
/// struct Pool { connections: usize }
///
/// impl AsyncComponent for Pool {
///     async fn init(&mut self) -> Result<(), ComponentError> {
///         // e.g. `self.connect().await?`
///         self.connections = 4;
///         Ok(())
///     }
///     async fn cleanup(&mut self) -> Result<(), ComponentError> {
///         self.connections = 0;
///         Ok(())
///     }
///     fn health(&self) -> Health {
///         if self.connections > 0 { Health::Healthy } else { Health::Unhealthy("no connection".into()) }
///     }
/// }
/// # let _ = Pool { connections: 0 };
/// ```
///
/// The futures are `Send` (and so is the component) so that an orchestrator's `initialize()`
/// and `cleanup()` can run inside `tokio::spawn` or on any multi-threaded executor. An
/// `async fn` in an impl is `Send` as long as it holds nothing `!Send` (an `Rc`, a
/// `MutexGuard`, ...) across an `.await`.
///
/// The orchestrator polls `init` once per start, concurrently with the other components of
/// its dependency level, and `cleanup` at most once per successful `init`. A panic while
/// creating or polling either is caught and reported as an error of this component.
///
/// A type cannot be both a `Component` and an `AsyncComponent` by hand: the blanket impl
/// already covers every `Component + Send`. When both traits are in scope, call the sync
/// methods of such a type as `Component::init(&mut x)`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an async component: it implements neither `AsyncComponent` nor `Component + Send`",
    label = "this field is a component of an async orchestrator",
    note = "implement `orchestrator::AsyncComponent` (async `init`/`cleanup`) or `orchestrator::Component` for it, and make sure the type is `Send` (no `Rc`, `RefCell` or `MutexGuard` inside: use `Arc`, `Mutex`); a type parameter of the struct is bounded where it is declared, `{Self}: AsyncComponent`"
)]
pub trait AsyncComponent: Send {
    /// Creates and configures the component's resources. Default: nothing.
    ///
    /// # Errors
    /// An error stops the orchestrator's initialization, which cleans up every component that
    /// is initialized.
    fn init(&mut self) -> impl Future<Output = Result<(), ComponentError>> + Send {
        async { Ok(()) }
    }

    /// Releases what `init` acquired. Default: nothing.
    ///
    /// # Errors
    /// An error is recorded; the other components are still cleaned up.
    fn cleanup(&mut self) -> impl Future<Output = Result<(), ComponentError>> + Send {
        async { Ok(()) }
    }

    /// The component's health, shown in the orchestrator's status. Default: [`Health::Healthy`].
    fn health(&self) -> Health {
        Health::Healthy
    }

    /// Whether `init` and `cleanup` block the thread (a sync [`Component`]), so that no timer
    /// can interrupt them. Set by the blanket impl for sync components; leave it alone.
    #[doc(hidden)]
    const BLOCKING: bool = false;
}

/// (`do_not_recommend`: a type that is neither is reported as no async component, with
/// `AsyncComponent`'s message, not as a missing `Component`; and a generic parameter is
/// suggested the bound `AsyncComponent`, which one bound covers.)
#[diagnostic::do_not_recommend]
impl<T: Component + Send> AsyncComponent for T {
    const BLOCKING: bool = true;

    async fn init(&mut self) -> Result<(), ComponentError> {
        Component::init(self)
    }

    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        Component::cleanup(self)
    }

    fn health(&self) -> Health {
        Component::health(self)
    }
}

/// The object-safe form of [`AsyncComponent`] the engine works with: the same methods with
/// boxed futures. Every `AsyncComponent` implements it; nobody implements it by hand.
pub trait DynAsyncComponent: Send {
    /// [`AsyncComponent::init`], boxed.
    fn dyn_init(&mut self) -> BoxFuture<'_, Result<(), ComponentError>>;
    /// [`AsyncComponent::cleanup`], boxed.
    fn dyn_cleanup(&mut self) -> BoxFuture<'_, Result<(), ComponentError>>;
    /// [`AsyncComponent::health`].
    fn dyn_health(&self) -> Health;
    /// [`AsyncComponent::BLOCKING`].
    fn dyn_blocking(&self) -> bool;
}

impl<T: AsyncComponent> DynAsyncComponent for T {
    fn dyn_init(&mut self) -> BoxFuture<'_, Result<(), ComponentError>> {
        Box::pin(AsyncComponent::init(self))
    }

    fn dyn_cleanup(&mut self) -> BoxFuture<'_, Result<(), ComponentError>> {
        Box::pin(AsyncComponent::cleanup(self))
    }

    fn dyn_health(&self) -> Health {
        AsyncComponent::health(self)
    }

    fn dyn_blocking(&self) -> bool {
        T::BLOCKING
    }
}
