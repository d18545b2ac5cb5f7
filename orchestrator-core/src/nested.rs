//! The `nested_orchestrator` rule: a component whose type is itself an orchestrator. The macro
//! cannot see through type aliases or know which types implement `Orchestrator`, so the derive
//! emits one [`__check_nested!`](crate::__check_nested) per component, a compile-time
//! assertion on [`Probe`] (and its async twin), spanned at the field's type. The rule's message
//! lives here, once, instead of in every expansion.

use core::marker::PhantomData;

use crate::Orchestrator;

/// Compile-time probe of whether a concrete type implements [`Orchestrator`]:
/// `<Probe<T>>::NESTED` is the inherent `true` when it does, else the [`NotAnOrchestrator`]
/// default `false` (with that trait in scope).
pub struct Probe<T: ?Sized>(PhantomData<T>);

/// The fallback of [`Probe`].
pub trait NotAnOrchestrator {
    /// `false`: the probed type is not an orchestrator.
    const NESTED: bool = false;
    /// `false`: the probed type is not a boxed orchestrator.
    const NESTED_IN_BOX: bool = false;
}

impl<T: ?Sized> NotAnOrchestrator for Probe<T> {}

impl<T: ?Sized + Orchestrator> Probe<T> {
    /// `true`: the probed type is an orchestrator.
    pub const NESTED: bool = true;
}

/// A `Box` of a component is a component (`Box<C>` delegates to `C`), so the rule looks
/// through one `Box`.
impl<T: ?Sized + Orchestrator> Probe<Box<T>> {
    /// `true`: the probed type is a boxed orchestrator.
    pub const NESTED_IN_BOX: bool = true;
}

/// One `nested_orchestrator` check: a `const` that fails to evaluate, with the rule's message
/// naming the orchestrator `$orchestrator`, when `$ty` is an orchestrator (sync or async). The
/// derive emits one invocation per component whose type names no generic parameter, spanned at
/// the field's type, so the error points there.
#[doc(hidden)]
#[macro_export]
macro_rules! __check_nested {
    ($orchestrator:literal, $ty:ty) => {
        const _: () = {
            use $crate::__private_0_1_0::{NotAnAsyncOrchestrator as _, NotAnOrchestrator as _};
            type __Probed = $ty;
            ::core::assert!(
                !(<$crate::__private_0_1_0::Probe<__Probed>>::NESTED
                    || <$crate::__private_0_1_0::Probe<__Probed>>::NESTED_IN_BOX
                    || <$crate::__private_0_1_0::AsyncProbe<__Probed>>::NESTED
                    || <$crate::__private_0_1_0::AsyncProbe<__Probed>>::NESTED_IN_BOX),
                ::core::concat!(
                    "nested_orchestrator: this component of `",
                    $orchestrator,
                    "` is itself an orchestrator; an orchestrator coordinates components, and nesting one \
                     hides a second coordination layer. help: make its components components of this \
                     orchestrator, or let the caller coordinate both orchestrators side by side",
                ),
            );
        };
    };
}

/// Compile-time probe of whether a concrete type implements [`AsyncOrchestrator`](crate::AsyncOrchestrator) (for the
/// `nested_orchestrator` rule, next to `Probe`): `<AsyncProbe<T>>::NESTED` is
/// the inherent `true` when it does, else the [`NotAnAsyncOrchestrator`] default `false`.
pub struct AsyncProbe<T: ?Sized>(PhantomData<T>);

/// The fallback of [`AsyncProbe`].
pub trait NotAnAsyncOrchestrator {
    /// `false`: the probed type is not an async orchestrator.
    const NESTED: bool = false;
    /// `false`: the probed type is not a boxed async orchestrator.
    const NESTED_IN_BOX: bool = false;
}

impl<T: ?Sized> NotAnAsyncOrchestrator for AsyncProbe<T> {}

impl<T: ?Sized + crate::AsyncOrchestrator> AsyncProbe<T> {
    /// `true`: the probed type is an async orchestrator.
    pub const NESTED: bool = true;
}

impl<T: ?Sized + crate::AsyncOrchestrator> AsyncProbe<Box<T>> {
    /// `true`: the probed type is a boxed async orchestrator.
    pub const NESTED_IN_BOX: bool = true;
}
