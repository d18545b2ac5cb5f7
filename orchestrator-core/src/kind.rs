//! How generated code reaches a component, chosen by what the compiler knows of its type, so
//! that each mistake is one error, at the field or at `uses(...)`, with the message that fits
//! it. Diagnostics only: for a correct orchestrator every path below is the plain call through
//! `ComponentField`, `UsesField` or their async twins, and inlines away.
//!
//! For each component whose type names no generic parameter, the derive emits
//! `const __K<n>: u8 = __kind!(...)`, computed from the probes of [`Kind`] (an inherent `const`
//! when a bound holds, else the trait default, as `nested_orchestrator` probes), and reaches
//! the component as `<Kinded<Type, { __K<n> }> as SyncField<_>>::step(&mut self.field, step)`
//! (or [`SyncUses`], [`AsyncUsesReach`]): each kind is an impl of its own, whose
//! bound reports the kind's mistake; every arm that reaches a component (health, step,
//! blocking) reaches it through the same bound, so rustc reports it once. Kind 0 is the plain
//! reach, whose bound reports a type that is no component (the message of `Component` and the
//! others). The other kinds are mistakes the plain bound would report badly:
//!
//! - an `AsyncComponent` (or `AsyncUses`) in a sync orchestrator: "is not a component,
//!   implement `Component`", which followed conflicts with `AsyncComponent`'s impl for every
//!   `Component`; its kind asks for `#[orchestrator(async)]` instead;
//! - a `Uses` impl for `&'static` dependencies only: a borrow error at the derive, about code
//!   the user never wrote; its kind says the impl must hold for any lifetime, and why;
//!
//! The components of an async orchestrator without `uses(...)` have no kind: their one mistake,
//! a type that is no async component, is the plain bound's, `AsyncComponentField`. (A sync
//! component that is not `Send` there is two errors of rustc's, at `async`, the orchestrator
//! not being `Send`, and at the field: the generated level's future holds the orchestrator, and
//! without the field's error rustc would report that future instead.)
//!
//! A component whose type names a generic parameter is reached with kind 0: a `const` item
//! cannot name the parameter, and its bound (`for<'a> W: Uses<&'a Db>` with `uses(...)`) is
//! then what rustc suggests writing on the struct.

use core::marker::PhantomData;

use crate::asynchronous::component::BoxFuture;
use crate::asynchronous::parts::{AsyncFieldKind, AsyncUsesField};
use crate::parts::{ComponentField, FieldKind, Step, StepResult, UsesField};
use crate::{AsyncUses, Health, Uses};

/// What `uses(...)` lends, as a family of types over the call's lifetime: `&'static A` stands
/// for `&'a A`, `(&'static A, &'static B)` for `(&'a A, &'a B)`. The derive writes the
/// `'static` form, which a `const` item can name.
pub trait Family: 'static {
    /// The dependencies as the component receives them for one call.
    type Ref<'a>;
}

impl<A: ?Sized + 'static> Family for &'static A {
    type Ref<'a> = &'a A;
}

/// `Family` for the tuples `uses(a, b, ...)` lends, up to 12 dependencies.
macro_rules! tuple_family {
    ($($name:ident)+) => {
        impl<$($name: ?Sized + 'static),+> Family for ($(&'static $name,)+) {
            type Ref<'a> = ($(&'a $name,)+);
        }
    };
}
tuple_family!(A B);
tuple_family!(A B C);
tuple_family!(A B C D);
tuple_family!(A B C D E);
tuple_family!(A B C D E F);
tuple_family!(A B C D E F G);
tuple_family!(A B C D E F G H);
tuple_family!(A B C D E F G H I);
tuple_family!(A B C D E F G H I J);
tuple_family!(A B C D E F G H I J K);
tuple_family!(A B C D E F G H I J K L);

/// The compile-time probes of component type `T` (with the family `F` of what its `uses(...)`
/// lends): each `const` is the inherent `true` when its bound holds, else the `false` of the
/// `Unproven` trait.
pub struct Kind<T: ?Sized, F: ?Sized = ()>(PhantomData<T>, PhantomData<F>);

/// The defaults of [`Kind`]'s probes: every bound fails.
pub trait Unproven {
    /// `T` is a sync component (or a derived orchestrator).
    const COMPONENT: bool = false;
    /// `T` is an async component (every `Component + Send` is one), or a derived orchestrator.
    const ASYNC: bool = false;
    /// `T: for<'a> Uses<F::Ref<'a>>`.
    const USES: bool = false;
    /// `T: Uses<F>`, for `'static` dependencies.
    const USES_STATIC: bool = false;
    /// `T: for<'a> AsyncUses<F::Ref<'a>>`.
    const ASYNC_USES: bool = false;
    /// `T: AsyncUses<F>`, for `'static` dependencies.
    const ASYNC_USES_STATIC: bool = false;
}

impl<T: ?Sized, F: ?Sized> Unproven for Kind<T, F> {}

impl<T: ?Sized + FieldKind, F: ?Sized> Kind<T, F> {
    /// See [`Unproven::COMPONENT`].
    pub const COMPONENT: bool = true;
}

impl<T: ?Sized + AsyncFieldKind, F: ?Sized> Kind<T, F> {
    /// See [`Unproven::ASYNC`].
    pub const ASYNC: bool = true;
}

impl<T: ?Sized + for<'a> Uses<F::Ref<'a>>, F: Family> Kind<T, F> {
    /// See [`Unproven::USES`].
    pub const USES: bool = true;
}

impl<T: ?Sized + Uses<F>, F: Family> Kind<T, F> {
    /// See [`Unproven::USES_STATIC`].
    pub const USES_STATIC: bool = true;
}

impl<T: ?Sized + for<'a> AsyncUses<F::Ref<'a>>, F: Family> Kind<T, F> {
    /// See [`Unproven::ASYNC_USES`].
    pub const ASYNC_USES: bool = true;
}

impl<T: ?Sized + AsyncUses<F>, F: Family> Kind<T, F> {
    /// See [`Unproven::ASYNC_USES_STATIC`].
    pub const ASYNC_USES_STATIC: bool = true;
}

/// The kind of a component field, a `u8` for [`Kinded`]: `__kind!(sync Type)`,
/// `__kind!(sync Type, Family)`, `__kind!(async Type, Family)`. It expects in scope what the
/// derive imports once per orchestrator beside `__nested!`'s names: `__Kd` ([`Kind`]) and
/// [`Unproven`] (as `_`), so that a component's kind is one line of `cargo expand`.
#[doc(hidden)]
#[macro_export]
macro_rules! __kind {
    (sync $ty:ty) => {
        (<__Kd<$ty>>::ASYNC & !<__Kd<$ty>>::COMPONENT) as u8
    };
    (sync $ty:ty, $family:ty) => {{
        type __K = __Kd<$ty, $family>;
        if __K::USES {
            0
        } else if __K::USES_STATIC {
            1
        } else if __K::ASYNC_USES || __K::ASYNC_USES_STATIC {
            2
        } else {
            0
        }
    }};
    (async $ty:ty, $family:ty) => {{
        type __K = __Kd<$ty, $family>;
        if __K::ASYNC_USES || __K::USES {
            0
        } else if __K::ASYNC_USES_STATIC || __K::USES_STATIC {
            1
        } else {
            0
        }
    }};
}

/// No component: the one type the traits below that hold for no component are implemented
/// for, each the error of one mistake. (With no impl at all, rustc would suggest writing one.)
#[allow(dead_code, unreachable_pub)]
pub enum NoComponent {}

/// Component type `T` with its kind `KIND`: the self type of the traits the generated code
/// reaches components through. A type of its own, not `T`: rustc then takes the message of an
/// error from the bound that failed (`Component`, `Uses`, or a kind's own trait below), not
/// from the trait the generated code names.
pub struct Kinded<T: ?Sized, const KIND: u8>(PhantomData<T>);

/// A component of a sync orchestrator as the generated code reaches it:
/// `<Kinded<Type, KIND> as SyncField<_>>::step(&mut self.field, step)`.
pub trait SyncField<T: ?Sized> {
    /// The component's health (always `Some`).
    fn health(this: &T) -> Option<Health>;
    /// Runs one step of the component.
    ///
    /// # Errors
    /// The component's error.
    fn step(this: &mut T, step: Step) -> StepResult;
}

/// One impl for every kind, so that rustc lists no other impls of [`SyncField`] in an error:
/// the kinds are the impls of [`SyncFieldKind`].
impl<T: ?Sized, const KIND: u8> SyncField<T> for Kinded<T, KIND>
where
    Self: SyncFieldKind<T>,
{
    #[inline]
    fn health(this: &T) -> Option<Health> {
        <Self as SyncFieldKind<T>>::health(this)
    }
    #[inline]
    fn step(this: &mut T, step: Step) -> StepResult {
        <Self as SyncFieldKind<T>>::step(this, step)
    }
}

/// [`SyncField`] by kind.
pub trait SyncFieldKind<T: ?Sized> {
    /// See [`SyncField::health`].
    fn health(this: &T) -> Option<Health>;
    /// See [`SyncField::step`].
    ///
    /// # Errors
    /// The component's error.
    fn step(this: &mut T, step: Step) -> StepResult;
}

impl<T: ?Sized + ComponentField> SyncFieldKind<T> for Kinded<T, 0> {
    #[inline]
    fn health(this: &T) -> Option<Health> {
        ComponentField::health(this)
    }
    #[inline]
    fn step(this: &mut T, step: Step) -> StepResult {
        ComponentField::step(this, step)
    }
}

impl<T: ?Sized + AsyncInSyncOrchestrator> SyncFieldKind<T> for Kinded<T, 1> {
    fn health(this: &T) -> Option<Health> {
        this.never()
    }
    fn step(this: &mut T, _: Step) -> StepResult {
        this.never()
    }
}

/// Holds for no component: the error of an `AsyncComponent` in a sync orchestrator (kind 1).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is an async component, and this orchestrator is not async",
    label = "a component of a sync orchestrator, which calls its steps without `.await`",
    note = "add `async` to the struct's `#[orchestrator(...)]` (its lifecycle is then `initialize().await`); implementing `Component` for `{Self}` too would conflict with `AsyncComponent`'s impl for every `Component`"
)]
pub trait AsyncInSyncOrchestrator {
    /// Never called: no value of the one type that implements it exists.
    fn never(&self) -> !;
}

impl AsyncInSyncOrchestrator for NoComponent {
    fn never(&self) -> ! {
        match *self {}
    }
}

/// A component of a sync orchestrator that takes the dependencies of family `F`
/// (`uses(...)`), as the generated code reaches it:
/// `<Kinded<Type, KIND> as SyncUses<_, F>>::step(&mut self.field, (&self.a, ..), step)`.
pub trait SyncUses<T: ?Sized, F: Family> {
    /// The component's health (always `Some`).
    fn health(this: &T) -> Option<Health>;
    /// Runs one step of the component with its dependencies.
    ///
    /// # Errors
    /// The component's error.
    fn step(this: &mut T, deps: F::Ref<'_>, step: Step) -> StepResult;
}

/// One impl for every kind (see [`SyncField`]'s).
impl<T: ?Sized, F: Family, const KIND: u8> SyncUses<T, F> for Kinded<T, KIND>
where
    Self: SyncUsesKind<T, F>,
{
    #[inline]
    fn health(this: &T) -> Option<Health> {
        <Self as SyncUsesKind<T, F>>::health(this)
    }
    #[inline]
    fn step(this: &mut T, deps: F::Ref<'_>, step: Step) -> StepResult {
        <Self as SyncUsesKind<T, F>>::step(this, deps, step)
    }
}

/// [`SyncUses`] by kind.
pub trait SyncUsesKind<T: ?Sized, F: Family> {
    /// See [`SyncUses::health`].
    fn health(this: &T) -> Option<Health>;
    /// See [`SyncUses::step`].
    ///
    /// # Errors
    /// The component's error.
    fn step(this: &mut T, deps: F::Ref<'_>, step: Step) -> StepResult;
}

impl<T: ?Sized + for<'a> UsesField<F::Ref<'a>>, F: Family> SyncUsesKind<T, F> for Kinded<T, 0> {
    #[inline]
    fn health(this: &T) -> Option<Health> {
        <T as UsesField<F::Ref<'_>>>::health(this)
    }
    #[inline]
    fn step(this: &mut T, deps: F::Ref<'_>, step: Step) -> StepResult {
        UsesField::step(this, deps, step)
    }
}

impl<T: ?Sized + UsesForAnyLifetime<F>, F: Family> SyncUsesKind<T, F> for Kinded<T, 1> {
    fn health(this: &T) -> Option<Health> {
        this.never()
    }
    fn step(this: &mut T, _: F::Ref<'_>, _: Step) -> StepResult {
        this.never()
    }
}

impl<T: ?Sized + AsyncUsesInSyncOrchestrator<F>, F: Family> SyncUsesKind<T, F> for Kinded<T, 2> {
    fn health(this: &T) -> Option<Health> {
        this.never()
    }
    fn step(this: &mut T, _: F::Ref<'_>, _: Step) -> StepResult {
        this.never()
    }
}

/// Holds for no component: the error of a component that implements `Uses` for `'static`
/// dependencies only (kind 1).
#[diagnostic::on_unimplemented(
    message = "`{Self}` starts with `{F}` only: `uses(...)` lends its dependencies for the call, so its `Uses` impl must accept any lifetime",
    label = "`uses(...)` lends these components to `init` and `cleanup`, borrowed from the orchestrator for the call",
    note = "write the impl with a lifetime parameter, `impl<'a> Uses<&'a ..> for {Self}` (`&'a` where it says `&'static`, in `init` and `cleanup` too); to keep something of a dependency past `init`, keep it by value: clone what it needs, or an `Arc` handle the dependency hands out"
)]
pub trait UsesForAnyLifetime<F> {
    /// Never called: no value of the one type that implements it exists.
    fn never(&self) -> !;
}

impl<F> UsesForAnyLifetime<F> for NoComponent {
    fn never(&self) -> ! {
        match *self {}
    }
}

/// Holds for no component: the error of a component that implements `AsyncUses` only (kind 2
/// of a sync orchestrator).
#[diagnostic::on_unimplemented(
    message = "`{Self}` starts with `{F}` through `AsyncUses`, and this orchestrator is not async",
    label = "a component of a sync orchestrator, which calls its steps without `.await`",
    note = "add `async` to the struct's `#[orchestrator(...)]` (its lifecycle is then `initialize().await`)"
)]
pub trait AsyncUsesInSyncOrchestrator<F> {
    /// Never called: no value of the one type that implements it exists.
    fn never(&self) -> !;
}

impl<F> AsyncUsesInSyncOrchestrator<F> for NoComponent {
    fn never(&self) -> ! {
        match *self {}
    }
}

/// A component of an async orchestrator that takes the dependencies of family `F`
/// (`uses(...)`), as the generated code reaches it:
/// `<Kinded<Type, KIND> as AsyncUsesReach<_, F>>::step(&mut self.field, (&self.a, ..), step)`.
pub trait AsyncUsesReach<T: ?Sized, F: Family> {
    /// Whether its steps block the thread (a sync component).
    fn blocking(this: &T) -> bool;
    /// The future of one step, with the dependencies.
    fn step<'a>(this: &'a mut T, deps: F::Ref<'a>, step: Step) -> BoxFuture<'a, StepResult>;
    /// The component's health (always `Some`).
    fn health(this: &T) -> Option<Health>;
}

/// One impl for every kind (see [`SyncField`]'s).
impl<T: ?Sized, F: Family, const KIND: u8> AsyncUsesReach<T, F> for Kinded<T, KIND>
where
    Self: AsyncUsesKind<T, F>,
{
    #[inline]
    fn blocking(this: &T) -> bool {
        <Self as AsyncUsesKind<T, F>>::blocking(this)
    }
    #[inline]
    fn step<'a>(this: &'a mut T, deps: F::Ref<'a>, step: Step) -> BoxFuture<'a, StepResult> {
        <Self as AsyncUsesKind<T, F>>::step(this, deps, step)
    }
    #[inline]
    fn health(this: &T) -> Option<Health> {
        <Self as AsyncUsesKind<T, F>>::health(this)
    }
}

/// [`AsyncUsesReach`] by kind.
pub trait AsyncUsesKind<T: ?Sized, F: Family> {
    /// See [`AsyncUsesReach::blocking`].
    fn blocking(this: &T) -> bool;
    /// See [`AsyncUsesReach::step`].
    fn step<'a>(this: &'a mut T, deps: F::Ref<'a>, step: Step) -> BoxFuture<'a, StepResult>;
    /// See [`AsyncUsesReach::health`].
    fn health(this: &T) -> Option<Health>;
}

impl<T: ?Sized + for<'a> AsyncUsesField<F::Ref<'a>>, F: Family> AsyncUsesKind<T, F> for Kinded<T, 0> {
    #[inline]
    fn blocking(_: &T) -> bool {
        <T as AsyncUsesField<F::Ref<'static>>>::BLOCKING
    }
    #[inline]
    fn step<'a>(this: &'a mut T, deps: F::Ref<'a>, step: Step) -> BoxFuture<'a, StepResult> {
        AsyncUsesField::step(this, deps, step)
    }
    #[inline]
    fn health(this: &T) -> Option<Health> {
        <T as AsyncUsesField<F::Ref<'_>>>::health(this)
    }
}

impl<T: ?Sized + AsyncUsesForAnyLifetime<F>, F: Family> AsyncUsesKind<T, F> for Kinded<T, 1> {
    fn blocking(this: &T) -> bool {
        this.never()
    }
    fn step<'a>(this: &'a mut T, _: F::Ref<'a>, _: Step) -> BoxFuture<'a, StepResult> {
        this.never()
    }
    fn health(this: &T) -> Option<Health> {
        this.never()
    }
}

/// Holds for no component: the error of a component of an async orchestrator that implements
/// `AsyncUses` or `Uses` for `'static` dependencies only (kind 1).
#[diagnostic::on_unimplemented(
    message = "`{Self}` starts with `{F}` only: `uses(...)` lends its dependencies for the call, so its `AsyncUses` (or `Uses`) impl must accept any lifetime",
    label = "`uses(...)` lends these components to `init` and `cleanup`, borrowed from the orchestrator for the call",
    note = "write the impl with a lifetime parameter, `impl<'a> AsyncUses<&'a ..> for {Self}` (`&'a` where it says `&'static`, in `init` and `cleanup` too); to keep something of a dependency past `init`, keep it by value: clone what it needs, or an `Arc` handle the dependency hands out"
)]
pub trait AsyncUsesForAnyLifetime<F> {
    /// Never called: no value of the one type that implements it exists.
    fn never(&self) -> !;
}

impl<F> AsyncUsesForAnyLifetime<F> for NoComponent {
    fn never(&self) -> ! {
        match *self {}
    }
}
