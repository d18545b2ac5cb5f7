//! What `#[derive(Orchestrator)]` implements: [`DerivedOrchestrator`], the base every derived
//! orchestrator has (its names, the lifecycle field, its config, its size), and
//! [`SyncComponents`], the components of a sync orchestrator, each reached through
//! [`ComponentField`]. Their async twin is `asynchronous::parts::AsyncComponents`. The
//! lifecycle (`run.rs`, `asynchronous/run.rs`) turns them into `Orchestrator` and
//! `AsyncOrchestrator` with blanket impls: the generated code holds no lifecycle code at all.

use core::fmt::Debug;

use crate::{Component, ComponentError, Graph, Health, Lifecycle, Uses};

/// What `#[derive(Orchestrator)]` implements for every orchestrator, sync or async: its names,
/// the lifecycle field, its config and its size. `#[orchestrate]` reaches the orchestrator only
/// through this trait. The names are those of `Orchestrator` / `AsyncOrchestrator`, declared
/// here once for both.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a derived orchestrator",
    label = "`#[orchestrate]` goes on the impl block of a struct with `#[derive(Orchestrator)]`",
    note = "add `#[derive(Orchestrator)]` to the struct `{Self}`"
)]
pub trait DerivedOrchestrator {
    /// The orchestrator's name: the struct's name.
    const NAME: &'static str;
    /// The components' names, in initialization order.
    const COMPONENTS: &'static [&'static str];
    /// For each component (initialization order), the indices of the components it comes
    /// after.
    const DEPENDENCIES: &'static [&'static [usize]] = &[];
    /// The components' types as written in the struct, in initialization order.
    const TYPES: &'static [&'static str];
    /// The register hook's name, for errors (`"register"` when there is none).
    const REGISTER: &'static str = "register";
    /// The number of source lines of the struct, for the `too_long` rule.
    const LINES: usize = 0;
    /// The struct's `max_lines`, for the `too_long` rule.
    const MAX_LINES: usize = 400;

    /// The lifecycle field.
    fn lifecycle(&self) -> &Lifecycle;
    /// The lifecycle field, mutably.
    fn lifecycle_mut(&mut self) -> &mut Lifecycle;
    /// The config field, if any.
    fn config(&self) -> Option<&dyn Debug> {
        None
    }
    /// The components and their dependencies, as the lifecycle follows them. Default (and what
    /// the derive keeps): [`COMPONENTS`](Self::COMPONENTS) and
    /// [`DEPENDENCIES`](Self::DEPENDENCIES). An orchestrator written by hand may build its graph
    /// at run time (the lifecycle's property tests do).
    fn graph(&self) -> Graph {
        Graph::new(Self::NAME, Self::COMPONENTS, Self::DEPENDENCIES)
    }
}

/// What `#[derive(Orchestrator)]` implements for a sync orchestrator: its components, numbered
/// in initialization order, and its register hook. Every `SyncComponents` is an
/// [`Orchestrator`](crate::Orchestrator) (the blanket impl in `run.rs`).
pub trait SyncComponents: DerivedOrchestrator {
    /// Component `index`, `None` past the end (and for a component that takes dependencies,
    /// which is no `dyn Component`): used by the default [`health`](Self::health).
    fn component(&self, index: usize) -> Option<&dyn Component> {
        let _ = index;
        None
    }
    /// The health of component `index`, `None` past the end. Default: through
    /// [`component`](Self::component); the derive generates a direct call per component.
    fn health(&self, index: usize) -> Option<Health> {
        self.component(index).map(Component::health)
    }
    /// Runs `step` of component `index` (nothing past the end). Direct calls, not through
    /// `dyn Component`, so they inline like hand-written ones.
    ///
    /// # Errors
    /// The component's error.
    fn step(&mut self, index: usize, step: Step) -> StepResult;
    /// The register hook. Default: nothing.
    ///
    /// # Errors
    /// The hook's error; the lifecycle rolls back every component.
    fn register(&mut self) -> StepResult {
        Ok(())
    }
}

/// The live status of orchestrator `T`, for a component with `uses(lifecycle)`: the handle of
/// its lifecycle, created on the first call (from then on the lifecycle publishes to it).
pub fn status_of<T: DerivedOrchestrator + ?Sized>(lifecycle: &mut Lifecycle) -> crate::StatusHandle {
    lifecycle.status_handle(T::NAME, T::COMPONENTS)
}

/// What a component's step returns (a short name for the generated signatures).
pub type StepResult = Result<(), ComponentError>;

/// A step of a component's lifecycle, for [`SyncComponents::step`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// [`Component::init`].
    Init,
    /// [`Component::cleanup`].
    Cleanup,
}

/// A component field as the generated code reaches it. Every [`Component`] is one; the
/// generated code writes `<FieldType as ComponentField>::...`, so a field type that is not a
/// component gets one error, spanning that type, with this message.
///
/// Every derived orchestrator is one too, through the [`FieldKind`] the derive implements for
/// it (with bodies never called): one used as a component is then reported once, by the
/// `nested_orchestrator` rule, not a second time as "not a component" (whose help, implementing
/// `Component` for it, would only lead back to `nested_orchestrator`). So a derived
/// orchestrator cannot implement `Component` too: the two impls of `FieldKind` conflict, which
/// is the pattern's rule anyway.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a component: it does not implement `Component`",
    label = "this field is marked #[component], so its type must implement `Component`",
    note = "implement `orchestrator::Component` for it (every method has a default); for a type of another crate (`Arc<..>`, `Option<..>`, `TcpListener`), which the orphan rule keeps you from implementing it for, wrap it in a struct of your own and implement `Component` for that; an orchestrator is never a component (the nested_orchestrator rule)"
)]
pub trait ComponentField {
    /// The component's health (always `Some`; an `Option` for the match arms of
    /// [`SyncComponents::health`]).
    fn health(&self) -> Option<Health>;
    /// Runs one step of the component.
    ///
    /// # Errors
    /// The component's error.
    fn step(&mut self, step: Step) -> StepResult;
}

impl<T: FieldKind + ?Sized> ComponentField for T {
    #[inline]
    fn health(&self) -> Option<Health> {
        FieldKind::health(self)
    }
    #[inline]
    fn step(&mut self, step: Step) -> StepResult {
        FieldKind::step(self, step)
    }
}

/// What makes a type a [`ComponentField`]: every [`Component`], and (with the default bodies,
/// never called) every derived orchestrator and a `Box` of one, which the derive implements it
/// for. A separate trait, so that the one the generated code names has a single blanket impl:
/// an error for a field type that is no component then lists no orchestrator as a type that
/// "implements" it.
pub trait FieldKind {
    /// See [`ComponentField::health`].
    fn health(&self) -> Option<Health> {
        unreachable!("a derived orchestrator is not a component")
    }
    /// See [`ComponentField::step`].
    ///
    /// # Errors
    /// The component's error.
    fn step(&mut self, step: Step) -> StepResult {
        let _ = step;
        unreachable!("a derived orchestrator is not a component")
    }
}

impl<T: Component> FieldKind for T {
    #[inline]
    fn health(&self) -> Option<Health> {
        Some(Component::health(self))
    }
    #[inline]
    fn step(&mut self, step: Step) -> StepResult {
        match step {
            Step::Init => self.init(),
            Step::Cleanup => self.cleanup(),
        }
    }
}

/// A component field that takes dependencies (`#[component(uses(...))]`), as the generated code
/// reaches it: every [`Uses<D>`] is one, and the generated code writes
/// `<FieldType as UsesField<D>>::step(&mut self.field, (&self.a, ...), step)`, spanned at the
/// `uses(...)` attribute, so a component that does not implement `Uses` of exactly those
/// references gets one error there.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not start with `{D}`: it does not implement `Uses<{D}>`",
    label = "`uses(...)` passes these references to this component's `init` and `cleanup`",
    note = "implement it with a lifetime parameter, `impl<'a> Uses<&'a Db> for {Self}` (a tuple `(&'a A, &'a B)` for several, in the order of `uses(...)`); a type parameter of the struct is bounded where it is declared, `{Self}: for<'a> Uses<{D}>`; or list in `uses(...)` exactly the components it takes"
)]
pub trait UsesField<D> {
    /// The component's health (always `Some`).
    fn health(&self) -> Option<Health>;
    /// Runs one step of the component with its dependencies.
    ///
    /// # Errors
    /// The component's error.
    fn step(&mut self, deps: D, step: Step) -> StepResult;
}

impl<D, T: Uses<D>> UsesField<D> for T {
    #[inline]
    fn health(&self) -> Option<Health> {
        Some(Uses::health(self))
    }
    #[inline]
    fn step(&mut self, deps: D, step: Step) -> StepResult {
        match step {
            Step::Init => Uses::init(self, deps),
            Step::Cleanup => Uses::cleanup(self, deps),
        }
    }
}

/// The derive's impls of [`FieldKind`] and `AsyncFieldKind` for a derived orchestrator and a
/// `Box` of it, with the default bodies, which are never called (see [`ComponentField`]),
/// written once here: the derive emits one invocation, `{ impl generics } Type, { where clause }`.
/// (No `#[diagnostic::do_not_recommend]` on them: the derive must also work in a module with
/// `#![no_implicit_prelude]`, where no tool attribute resolves.)
#[doc(hidden)]
#[macro_export]
macro_rules! __not_a_component {
    ({ $($generics:tt)* } $ty:ty, { $($where:tt)* }) => {
        impl $($generics)* $crate::__private_0_1_0::FieldKind for $ty $($where)* {}
        impl $($generics)* $crate::__private_0_1_0::AsyncFieldKind for $ty $($where)* {}
        impl $($generics)* $crate::__private_0_1_0::FieldKind for $crate::__private_0_1_0::Box<$ty> $($where)* {}
        impl $($generics)* $crate::__private_0_1_0::AsyncFieldKind for $crate::__private_0_1_0::Box<$ty> $($where)* {}
    };
}

/// The error type of a register hook: anything that converts into [`ComponentError`]. The
/// generated register step converts the hook's error through it, spanned at the hook's path,
/// so an error type that does not convert gets one error there, with this message.
#[diagnostic::on_unimplemented(
    message = "the register hook returns `Result<(), {Self}>`, and `{Self}` does not convert into `ComponentError`",
    label = "this hook's error type must convert into `ComponentError`",
    note = "return `Result<(), ComponentError>`, or an error that converts into it: a `String`, a `&str`, or any `std::error::Error + Send + Sync + 'static`"
)]
pub trait HookError {
    /// The error as a [`ComponentError`].
    fn into_component_error(self) -> ComponentError;
}

/// What the register hook of a sync orchestrator returns: a `Result<(), E>` (its error type is
/// checked by [`HookError`]). The generated register step reads the hook's result through it,
/// spanned at the hook's path, so a hook that returns anything else (a future: an `async fn`)
/// gets one error there, with this message.
#[diagnostic::on_unimplemented(
    message = "the register hook returns `{Self}`, not `Result<(), E>`: a sync orchestrator calls its hook without `.await`",
    label = "this hook must be `fn(&mut self) -> Result<(), E>`",
    note = "an `async fn` hook needs an async orchestrator: write `async` in its `#[orchestrator(...)]` (its lifecycle is then `initialize().await`); a sync hook returns `Result<(), ComponentError>` (`E` may be any error that converts into `ComponentError`)"
)]
pub trait SyncHookResult {
    /// The hook's error type.
    type Error;
    /// The hook's result.
    ///
    /// # Errors
    /// The hook's error.
    fn into_result(self) -> Result<(), Self::Error>;
}

impl<E> SyncHookResult for Result<(), E> {
    type Error = E;
    #[inline]
    fn into_result(self) -> Self {
        self
    }
}

#[diagnostic::do_not_recommend]
impl<E: Into<ComponentError>> HookError for E {
    #[inline]
    fn into_component_error(self) -> ComponentError {
        self.into()
    }
}
