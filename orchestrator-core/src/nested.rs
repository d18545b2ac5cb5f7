//! The `nested_orchestrator` rule: a component whose type is itself an orchestrator. The macro
//! cannot see through type aliases or know which types implement `Orchestrator`, so the derive
//! emits, per component, a [`__nested!`](crate::__nested): a `const` item calling
//! [`Nested::at`] with the four [`Probe`]s of its type, spanned at the field's type; and once
//! per orchestrator the rule's message ([`__nested_message!`](crate::__nested_message)). One
//! line per component in `cargo expand`, and few tokens from the derive (rustc expands the
//! `macro_rules` itself). The rule's text lives here, once.

use core::marker::PhantomData;

use crate::Orchestrator;

/// Compile-time probe of whether a concrete type is an orchestrator: with [`NotAnOrchestrator`]
/// in scope, `<Probe<T>>::S` is the inherent `true` when `T: Orchestrator`, `B` when `T` is a
/// `Box` of one, `A` when `T: AsyncOrchestrator`, `C` when `T` is a `Box` of one of those, and
/// each is the trait's default `false` otherwise. Four names, because inherent items of one
/// name cannot come from impls that may overlap; short, because the derive writes all four per
/// component on one line.
pub struct Probe<T: ?Sized>(PhantomData<T>);

/// The fallback of [`Probe`]: every probe is `false` unless an inherent impl says otherwise.
pub trait NotAnOrchestrator {
    /// The probed type is not an orchestrator.
    const S: bool = false;
    /// The probed type is not a `Box` of an orchestrator.
    const B: bool = false;
    /// The probed type is not an async orchestrator.
    const A: bool = false;
    /// The probed type is not a `Box` of an async orchestrator.
    const C: bool = false;
}

impl<T: ?Sized> NotAnOrchestrator for Probe<T> {}

impl<T: ?Sized + Orchestrator> Probe<T> {
    /// `true`: the probed type is an orchestrator.
    pub const S: bool = true;
}

/// A `Box` of a component is a component (`Box<C>` delegates to `C`), so the rule looks
/// through one `Box`.
impl<T: ?Sized + Orchestrator> Probe<Box<T>> {
    /// `true`: the probed type is a boxed orchestrator.
    pub const B: bool = true;
}

impl<T: ?Sized + crate::AsyncOrchestrator> Probe<T> {
    /// `true`: the probed type is an async orchestrator.
    pub const A: bool = true;
}

impl<T: ?Sized + crate::AsyncOrchestrator> Probe<Box<T>> {
    /// `true`: the probed type is a boxed async orchestrator.
    pub const C: bool = true;
}

/// The `nested_orchestrator` rule for one orchestrator: its message
/// ([`__nested_message!`](crate::__nested_message)), which the derive keeps in a `const` once,
/// and [`at`](Self::at), its check of one component.
#[derive(Clone, Copy)]
pub struct Nested(pub &'static str);

impl Nested {
    /// One component's check, in a `const` item the derive emits per component (whose type
    /// names no generic parameter), the call spanned at the field's type: when `nested` (the
    /// type's four probes), the constant fails to evaluate with the rule's message, and the
    /// error points at that type (`#[track_caller]`).
    #[track_caller]
    pub const fn at(self, nested: bool) {
        if nested {
            panic!("{}", self.0);
        }
    }
}

/// One component's `nested_orchestrator` check, `$ty` its type: a `const` calling
/// [`Nested::at`] with the type's four [`Probe`]s, one line in `cargo expand` (for a short type
/// name). The derive emits one invocation per component whose type names no generic
/// parameter, spanned over the field's type, so the error points there; it expects the rule
/// `__N` (a [`Nested`]), `Probe` as `__P` and [`NotAnOrchestrator`] in scope. With the
/// component's kind (`__nested!(Cache, __K1 sync)`, see `kind`), it also defines the kind's
/// constant: one invocation for both.
#[doc(hidden)]
#[macro_export]
macro_rules! __nested {
    // with the component's kind (see `kind`): the constant `$kind` of the `const _` scope
    ($ty:ty, $kind:ident $mode:ident $(, $family:ty)?) => {
        const _: () = __N.at(<__P<$ty>>::S | <__P<$ty>>::B | <__P<$ty>>::A | <__P<$ty>>::C);
        const $kind: u8 = $crate::__kind!($mode $ty $(, $family)?);
    };
    ($ty:ty) => {
        const _: () = __N.at(<__P<$ty>>::S | <__P<$ty>>::B | <__P<$ty>>::A | <__P<$ty>>::C);
    };
}

/// The `nested_orchestrator` message for the orchestrator `$orchestrator`, one string literal:
/// the derive emits it once per orchestrator, in a [`Nested`]. The rule's text lives here, once.
#[doc(hidden)]
#[macro_export]
macro_rules! __nested_message {
    ($orchestrator:literal) => {
        ::core::concat!(
            "nested_orchestrator: this component of `",
            $orchestrator,
            "` is itself an orchestrator; an orchestrator coordinates components, and nesting one \
             hides a second coordination layer. help: make its components components of this \
             orchestrator, or let the caller coordinate both orchestrators side by side",
        )
    };
}
