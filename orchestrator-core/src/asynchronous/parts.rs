//! [`AsyncComponents`]: what the derive implements for an async orchestrator, besides the base
//! [`DerivedOrchestrator`]. Every `AsyncComponents` is an `AsyncOrchestrator` (the blanket impl
//! in `run.rs`). With it, the two traits its generated code reaches the user's items through, so
//! that a mistake there is one error at the user's token: [`AsyncComponentField`] (each
//! component) and [`RegisterFuture`] (the register hook's future).

use core::future::Future;
use core::pin::Pin;

use super::component::{AsyncComponent, BoxFuture, DynAsyncComponent};
use super::level::{Pass, StepSlot};
use crate::parts::{DerivedOrchestrator, HookError, Step, StepResult};
use crate::{Health, Lifecycle};

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

    /// Whether some component raises events (`#[component(emits(..))]`).
    #[cfg(feature = "tokio")]
    const EMITS: bool = false;

    /// Connects each component's events (`emits(..)`) to the running orchestrator `link`
    /// leads to: the derive generates one statement per component and event type.
    #[cfg(feature = "tokio")]
    fn connect(&self, link: &super::client::Link<Self>)
    where
        Self: Sized,
    {
        let _ = link;
    }

    /// How many dependency levels the components form (one more than the deepest
    /// [`Graph::levels`](crate::Graph::levels)). Default: from [`graph`](DerivedOrchestrator::graph).
    fn depth(&self) -> usize {
        self.graph().levels().into_iter().max().map_or(0, |deepest| deepest + 1)
    }

    /// Runs the `pass`'s step of the components of dependency level `level`: builds each
    /// one's step future with [`Pass::start`] (which leaves out those the pass does not run)
    /// and polls them together with [`Pass::join`]. The derive generates one `match` arm per
    /// level, each future pinned in place, so that a component's future can borrow its
    /// dependencies (of lower levels) while the level's components are borrowed mutably:
    /// disjoint fields, and no `Vec` per level.
    ///
    /// The default boxes each step of [`split`](Self::split), for an orchestrator written by
    /// hand whose components take no dependencies.
    fn level<'a>(&'a mut self, level: usize, pass: &'a mut Pass<'_>) -> impl Future<Output = ()> + Send + 'a {
        async move {
            let levels = self.graph().levels();
            let step = pass.step();
            let (lifecycle, components) = self.split();
            let mut futures: Vec<(usize, Option<BoxFuture<'_, StepResult>>)> = Vec::new();
            for (index, component) in components.into_iter().enumerate() {
                if levels.get(index) == Some(&level) {
                    let future = pass.start(lifecycle, index, |_| match step {
                        Step::Init => component.dyn_init(),
                        Step::Cleanup => component.dyn_cleanup(),
                    });
                    futures.push((index, future));
                }
            }
            let mut slots: Vec<(usize, Pin<&mut dyn StepSlot>)> = futures
                .iter_mut()
                .map(|(index, future)| (*index, Pin::new(future) as Pin<&mut dyn StepSlot>))
                .collect();
            pass.join(lifecycle, &mut slots).await;
        }
    }
    /// The lifecycle field and every component, mutably and at once, in initialization order:
    /// the simple form of [`level`](Self::level) for an orchestrator written by hand. Default:
    /// no component.
    fn split(&mut self) -> (&mut Lifecycle, Vec<&mut dyn DynAsyncComponent>) {
        (self.lifecycle_mut(), Vec::new())
    }
    /// Component `index`, `None` past the end: used by the default [`health`](Self::health) and
    /// [`blocking`](Self::blocking). Default: none.
    fn component(&self, index: usize) -> Option<&dyn DynAsyncComponent> {
        let _ = index;
        None
    }
    /// The health of component `index`, `None` past the end.
    fn health(&self, index: usize) -> Option<Health> {
        self.component(index).map(DynAsyncComponent::dyn_health)
    }
    /// Whether component `index`'s steps block the thread (a sync component): a timer cannot
    /// interrupt them.
    fn blocking(&self, index: usize) -> bool {
        self.component(index).is_some_and(DynAsyncComponent::dyn_blocking)
    }
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

/// A component field of an async orchestrator as the generated code reaches it: every
/// [`AsyncComponent`] (so every `Component + Send`) is one. The generated code writes
/// `<FieldType as AsyncComponentField>::...`, so a field type that is no async component gets
/// one error, spanning that type, with this message.
///
/// Like `ComponentField`, every derived orchestrator is one, through the [`AsyncFieldKind`] the
/// derive implements for it (with bodies never called), so that one used as a component is
/// reported once, by the `nested_orchestrator` rule.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an async component: it implements neither `AsyncComponent` nor `Component + Send`",
    label = "this field is a #[component] of an async orchestrator, so its type must be an `AsyncComponent`, or a `Component` that is `Send`",
    note = "implement `orchestrator::AsyncComponent` (async `init`/`cleanup`) or `orchestrator::Component` for it; an async orchestrator runs on any thread of the executor, so its components must be `Send` (no `Rc`, `RefCell` or `MutexGuard` inside: use `Arc`, `Mutex`); for a type of another crate, wrap it in a struct of your own; a type parameter of the struct is bounded where it is declared, `{Self}: AsyncComponent`"
)]
pub trait AsyncComponentField {
    /// Whether its steps block the thread (a sync component).
    const BLOCKING: bool;
    /// The future of one step, boxed: a concrete type, so that a field type that is no
    /// component gets one error, at the type, and none where the future is used.
    fn step(&mut self, step: Step) -> BoxFuture<'_, StepResult>;
    /// The component's health (always `Some`).
    fn health(&self) -> Option<Health>;
}

impl<T: AsyncFieldKind + ?Sized> AsyncComponentField for T {
    const BLOCKING: bool = <T as AsyncFieldKind>::BLOCKING;
    #[inline]
    fn step(&mut self, step: Step) -> BoxFuture<'_, StepResult> {
        AsyncFieldKind::step(self, step)
    }
    #[inline]
    fn health(&self) -> Option<Health> {
        AsyncFieldKind::health(self)
    }
}

/// What makes a type an [`AsyncComponentField`]: every [`AsyncComponent`], and (with the
/// default bodies, never called) every derived orchestrator and a `Box` of one, which the derive
/// implements it for. A separate trait, so that the one the generated code names has a single
/// blanket impl: an error for a field type that is no component then lists no orchestrator as
/// a type that "implements" it.
pub trait AsyncFieldKind {
    /// Whether its steps block the thread (a sync component).
    const BLOCKING: bool = false;
    /// The future of one step.
    fn step(&mut self, step: Step) -> BoxFuture<'_, StepResult> {
        let _ = step;
        unreachable!("a derived orchestrator is not a component")
    }
    /// The component's health (always `Some`).
    fn health(&self) -> Option<Health> {
        unreachable!("a derived orchestrator is not a component")
    }
}

impl<T: AsyncComponent> AsyncFieldKind for T {
    const BLOCKING: bool = <T as AsyncComponent>::BLOCKING;
    #[inline]
    fn step(&mut self, step: Step) -> BoxFuture<'_, StepResult> {
        match step {
            Step::Init => Box::pin(AsyncComponent::init(self)),
            Step::Cleanup => Box::pin(AsyncComponent::cleanup(self)),
        }
    }
    #[inline]
    fn health(&self) -> Option<Health> {
        Some(AsyncComponent::health(self))
    }
}

/// A component field of an async orchestrator that takes dependencies (`uses(...)`), as the
/// generated code reaches it: every [`AsyncUses<D>`](crate::AsyncUses) is one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not start with `{D}`: it implements neither `AsyncUses<{D}>` nor `Uses<{D}>`",
    label = "`uses(...)` passes these references to this component's `init` and `cleanup`",
    note = "implement it with a lifetime parameter, `impl<'a> AsyncUses<&'a Db> for {Self}` (a tuple `(&'a A, &'a B)` for several, in the order of `uses(...)`); a type parameter of the struct is bounded where it is declared, `{Self}: for<'a> AsyncUses<{D}>`; or list in `uses(...)` exactly the components it takes"
)]
pub trait AsyncUsesField<D> {
    /// Whether its steps block the thread (a sync component).
    const BLOCKING: bool;
    /// The future of one step, with the dependencies, boxed (see
    /// [`AsyncComponentField::step`]).
    fn step<'a>(&'a mut self, deps: D, step: Step) -> BoxFuture<'a, StepResult>
    where
        D: 'a;
    /// The component's health (always `Some`).
    fn health(&self) -> Option<Health>;
}

impl<D, T: crate::AsyncUses<D>> AsyncUsesField<D> for T {
    const BLOCKING: bool = <T as crate::AsyncUses<D>>::BLOCKING;
    #[inline]
    fn step<'a>(&'a mut self, deps: D, step: Step) -> BoxFuture<'a, StepResult>
    where
        D: 'a,
    {
        match step {
            Step::Init => Box::pin(crate::AsyncUses::init(self, deps)),
            Step::Cleanup => Box::pin(crate::AsyncUses::cleanup(self, deps)),
        }
    }
    #[inline]
    fn health(&self) -> Option<Health> {
        Some(crate::AsyncUses::health(self))
    }
}

/// What the register hook of an async orchestrator returns: a `Send` future of
/// `Result<(), E>`, `E` convertible into `ComponentError` (an `async fn(&mut self) -> Result<(), E>`
/// returns one). The generated register step boxes it through this trait, spanned at the hook's
/// path, so a hook that is not `async` gets one error there, with this message.
#[diagnostic::on_unimplemented(
    message = "the register hook of an async orchestrator must be an `async fn`: this one returns `{Self}`, not a future",
    label = "this hook must be `async fn(&mut self) -> Result<(), E>`",
    note = "write it `async fn wire(&mut self) -> Result<(), ComponentError>` (`E` may be any error that converts into `ComponentError`), or a `fn` returning a `Send` future of that"
)]
pub trait RegisterFuture<'a> {
    /// The future, boxed, its error converted.
    fn boxed(self) -> BoxFuture<'a, StepResult>;
}

impl<'a, F, E> RegisterFuture<'a> for F
where
    F: Future<Output = Result<(), E>> + Send + 'a,
    E: HookError,
{
    fn boxed(self) -> BoxFuture<'a, StepResult> {
        Box::pin(async move { self.await.map_err(HookError::into_component_error) })
    }
}
