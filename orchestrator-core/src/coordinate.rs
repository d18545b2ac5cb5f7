//! What `#[orchestrate]` generates calls to: the readiness guard and the tracing of
//! coordination methods.
//!
//! A coordination method `pub fn process(&mut self, input: Input) -> Result<Output, AppError>`
//! becomes one [`__coordinate!`](crate::__coordinate) invocation, which rustc expands to (the
//! user's body moves, unchanged, into a private `__orchestrate_process`):
//!
//! ```text
//! let __call = Call::new("Processing", "process");
//! let __span = __call.enter();
//! let __result = match __call.ready(<Self as DerivedOrchestrator>::lifecycle(self)) {
//!     Ok(()) => Self::__orchestrate_process(self, input),
//!     Err(__not_ready) => Err(FromNotReady::from_not_ready(__not_ready)),
//! };
//! Outcome(__result).record(&__call)
//! ```
//!
//! Keeping the body in its own function keeps `return`, `?`, borrows of `self` in the return
//! type and `impl Trait` exactly as written. An `async` method awaits
//! `__call.instrument(Self::__orchestrate_process(self, input))` instead of entering the span:
//! the span is entered on each poll, never held across an `.await`.
//!
//! Every use of the orchestrator's type goes through `<Self as DerivedOrchestrator>::...`, spanned at the
//! block's self type: on a type that is not a derived orchestrator, rustc reports the one
//! missing `DerivedOrchestrator` impl once, at that type.

use core::fmt::Display;
use core::future::Future;
use core::marker::PhantomData;

use crate::{Lifecycle, NotReady};

#[cold]
#[track_caller]
fn not_ready_panic(not_ready: &NotReady) -> ! {
    panic!("{not_ready}")
}

/// One call of a coordination method: the orchestrator's and the method's names, and (with the
/// `tracing` feature) the `coordinate` span of the call.
#[derive(Debug)]
pub struct Call {
    orchestrator: &'static str,
    method: &'static str,
    #[cfg(feature = "tracing")]
    span: tracing::Span,
    /// When the call began, read only when something may record it.
    #[cfg(feature = "tracing")]
    start: Option<std::time::Instant>,
}

/// The span of a [`Call`], entered until dropped (sync coordination methods).
#[must_use = "the span is exited when this guard drops"]
#[derive(Debug)]
pub struct Entered<'a> {
    #[cfg(feature = "tracing")]
    _guard: tracing::span::Entered<'a>,
    #[cfg(not(feature = "tracing"))]
    _call: PhantomData<&'a Call>,
}

/// The future of an `async` coordination method, with the call's span entered on each poll.
#[cfg(feature = "tracing")]
pub type Instrumented<F> = tracing::instrument::Instrumented<F>;
/// The future of an `async` coordination method (without the `tracing` feature: itself).
#[cfg(not(feature = "tracing"))]
pub type Instrumented<F> = F;

impl Call {
    /// Starts the call of coordination method `method` of orchestrator `orchestrator` (the
    /// span is created, not entered). Generated code passes the self type's name, as `Orchestrator::NAME`.
    #[inline]
    #[must_use]
    pub fn new(orchestrator: &'static str, method: &'static str) -> Self {
        #[cfg(feature = "tracing")]
        let span = tracing::info_span!("coordinate", orchestrator, method);
        Call {
            orchestrator,
            method,
            // no clock read when nothing records the call (no subscriber)
            #[cfg(feature = "tracing")]
            start: (!span.is_disabled() || tracing::enabled!(tracing::Level::ERROR)).then(std::time::Instant::now),
            #[cfg(feature = "tracing")]
            span,
        }
    }

    /// The orchestrator's name.
    #[must_use]
    pub fn orchestrator(&self) -> &'static str {
        self.orchestrator
    }

    /// The coordination method's name.
    #[must_use]
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// Enters the call's span until the returned guard drops.
    #[inline]
    pub fn enter(&self) -> Entered<'_> {
        Entered {
            #[cfg(feature = "tracing")]
            _guard: self.span.enter(),
            #[cfg(not(feature = "tracing"))]
            _call: PhantomData,
        }
    }

    /// Wraps the future of an `async` method's body so the span is entered on each poll only.
    #[inline]
    pub fn instrument<F: Future>(&self, future: F) -> Instrumented<F> {
        #[cfg(feature = "tracing")]
        {
            tracing::Instrument::instrument(future, self.span.clone())
        }
        #[cfg(not(feature = "tracing"))]
        {
            future
        }
    }

    /// The guard of a method returning `Result<_, E>`: `Err(NotReady)` unless the orchestrator
    /// (whose lifecycle field is `lifecycle`) is `Ready` or running its register hook (which may
    /// call coordination methods: every component is initialized then).
    ///
    /// # Errors
    /// [`NotReady`] naming the orchestrator, the method and the state.
    #[inline]
    pub fn ready(&self, lifecycle: &Lifecycle) -> Result<(), NotReady> {
        if lifecycle.accepts_calls() {
            Ok(())
        } else {
            Err(NotReady::new(self.orchestrator, self.method, lifecycle.state()))
        }
    }

    /// The guard of any other method: panics with the [`NotReady`] message unless the
    /// orchestrator (whose lifecycle field is `lifecycle`) is `Ready`.
    ///
    /// # Panics
    /// When the orchestrator is not `Ready`.
    #[inline]
    #[track_caller]
    pub fn ready_or_panic(&self, lifecycle: &Lifecycle) {
        if let Err(not_ready) = self.ready(lifecycle) {
            self.refused(&not_ready);
            not_ready_panic(&not_ready);
        }
    }

    /// Traces a call refused because the orchestrator is not ready (before the panic).
    fn refused(&self, not_ready: &NotReady) {
        #[cfg(feature = "tracing")]
        tracing::error!(parent: &self.span, orchestrator = self.orchestrator, method = self.method, error = %not_ready, "coordination method called while not ready");
        #[cfg(not(feature = "tracing"))]
        let _ = not_ready;
    }

    /// Records the end of the call; `error` is the error it returned, if any.
    fn finish(&self, error: Option<&dyn Display>) {
        #[cfg(feature = "tracing")]
        {
            let elapsed = self.start.map(|start| start.elapsed()).unwrap_or_default();
            let elapsed_us = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
            let (orchestrator, method) = (self.orchestrator, self.method);
            match error {
                Some(error) => {
                    tracing::error!(parent: &self.span, orchestrator, method, elapsed_us, error = %crate::panic::Shown::display(error), "coordination failed");
                }
                None => tracing::debug!(parent: &self.span, orchestrator, method, elapsed_us, "coordination done"),
            }
        }
        #[cfg(not(feature = "tracing"))]
        let _ = error;
    }
}

/// The error type `E` of a coordination method returning `Result<_, E>`: it holds the
/// [`NotReady`] the method returns when the orchestrator is not ready. `#[orchestrate]` converts
/// through it, spanned at the method's return type, so an error type without
/// `From<NotReady>` gets one error there, with this message.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a `NotReady`, which this coordination method returns when it is called before `initialize()`",
    label = "the error type of a coordination method must implement `From<NotReady>`",
    note = "implement `From<orchestrator::NotReady>` for `{Self}`; for an error type of another crate (`std::io::Error`, ...), which the orphan rule keeps you from implementing it for, return an error type of your own that wraps it, or a `Box<dyn std::error::Error + Send + Sync>`, which converts from `NotReady`"
)]
pub trait FromNotReady {
    /// The error holding `not_ready`.
    fn from_not_ready(not_ready: NotReady) -> Self;
}

impl<E: From<NotReady>> FromNotReady for E {
    #[inline]
    fn from_not_ready(not_ready: NotReady) -> Self {
        E::from(not_ready)
    }
}

/// What a coordination method whose return type is not spelled `Result` returns when it is
/// called before the orchestrator is ready, decided by the type itself (autoref dispatch): a
/// `Result<T, E>` with `E: From<NotReady>` (also behind a type alias) is `Err(NotReady.into())`,
/// any other type panics with the `NotReady` message. The generated code writes
/// `(&&NotReadyAs::<Ret>::new()).not_ready(not_ready, &call)`.
pub struct NotReadyAs<R>(PhantomData<R>);

impl<R> NotReadyAs<R> {
    /// The dispatcher for return type `R`.
    #[inline]
    #[must_use]
    pub fn new() -> Self {
        NotReadyAs(PhantomData)
    }
}

impl<R> Default for NotReadyAs<R> {
    fn default() -> Self {
        Self::new()
    }
}

/// The `Result` case of [`NotReadyAs`].
pub trait NotReadyResult<R> {
    /// `Err(not_ready.into())`, the error recorded in the call's span.
    fn not_ready(&self, not_ready: NotReady, call: &Call) -> R;
}

impl<T, E: From<NotReady>> NotReadyResult<Result<T, E>> for &NotReadyAs<Result<T, E>> {
    #[inline]
    fn not_ready(&self, not_ready: NotReady, call: &Call) -> Result<T, E> {
        call.finish(Some(&not_ready));
        Err(E::from(not_ready))
    }
}

/// The other case of [`NotReadyAs`].
pub trait NotReadyPanic<R> {
    /// Panics with the [`NotReady`] message.
    fn not_ready(&self, not_ready: NotReady, call: &Call) -> R;
}

impl<R> NotReadyPanic<R> for NotReadyAs<R> {
    #[track_caller]
    fn not_ready(&self, not_ready: NotReady, call: &Call) -> R {
        call.refused(&not_ready);
        not_ready_panic(&not_ready)
    }
}

/// The result of a coordination method returning `Result`, on its way out: `.record(&call)`
/// records the error (its `Display` when it has one, else its type) and returns the result.
#[derive(Debug)]
pub struct Outcome<R>(pub R);

impl<T, E: Display> Outcome<Result<T, E>> {
    /// Records the call's end, with the error's `Display` if it failed; returns the result.
    #[inline]
    pub fn record(self, call: &Call) -> Result<T, E> {
        call.finish(self.0.as_ref().err().map(|e| e as &dyn Display));
        self.0
    }
}

/// The fallback of [`Outcome::record`] for an error type without `Display`: records the
/// error's type name.
pub trait RecordAny {
    /// The result type.
    type Output;
    /// Records the call's end and returns the result.
    fn record(self, call: &Call) -> Self::Output;
}

impl<T, E> RecordAny for Outcome<Result<T, E>> {
    type Output = Result<T, E>;
    #[inline]
    fn record(self, call: &Call) -> Result<T, E> {
        call.finish(self.0.is_err().then_some(&TypeName::<E>(PhantomData) as &dyn Display));
        self.0
    }
}

struct TypeName<E>(PhantomData<E>);

impl<E> Display for TypeName<E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(core::any::type_name::<E>())
    }
}

/// The body of a coordination method, which `#[orchestrate]` emits as one invocation so that
/// rustc, not the proc macro, writes out the guard (the proc macro emits a tenth of the
/// tokens). `$self_ty` is `Self` spanned at the block's self type (a missing `DerivedOrchestrator` impl is
/// reported there); `$this` is the `&Self` the guard reads; `$from` is the closure
/// `|e| Err(FromNotReady::from_not_ready(e))`, written by the proc macro at the method's return type (a missing
/// `From<NotReady>` is reported there); `{ ... }` holds statements to run first (the
/// `too_long` check of a generic block); `$body` calls the method's body function.
///
/// ```text
/// sync  result: span entered, `Err(From::from(NotReady))` unless Ready, the error recorded
/// sync  plain:  span entered, a panic naming orchestrator, method and state unless Ready
/// async result / async plain: the same, with the body's future instrumented (the span is
/// entered on each poll, never held across an `.await`)
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __coordinate {
    (result, $self_ty:tt, $method:literal, $this:expr, $from:expr, { $($pre:tt)* } $body:expr) => {{
        $($pre)*
        let __call = $crate::__private_0_1_0::Call::new(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::NAME, $method);
        let __span = __call.enter();
        let __result = match __call.ready(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::lifecycle($this)) {
            ::core::result::Result::Ok(()) => $body,
            ::core::result::Result::Err(__not_ready) => ($from)(__not_ready),
        };
        #[allow(unused_imports)]
        use $crate::__private_0_1_0::RecordAny as _;
        $crate::__private_0_1_0::Outcome(__result).record(&__call)
    }};
    (typed, $self_ty:tt, $method:literal, $this:expr, $ret:ty, { $($pre:tt)* } $body:expr) => {{
        $($pre)*
        let __call = $crate::__private_0_1_0::Call::new(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::NAME, $method);
        let __span = __call.enter();
        match __call.ready(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::lifecycle($this)) {
            ::core::result::Result::Ok(()) => $body,
            ::core::result::Result::Err(__not_ready) => {
                #[allow(unused_imports)]
                use $crate::__private_0_1_0::{NotReadyPanic as _, NotReadyResult as _};
                (&&$crate::__private_0_1_0::NotReadyAs::<$ret>::new()).not_ready(__not_ready, &__call)
            }
        }
    }};
    (plain, $self_ty:tt, $method:literal, $this:expr, { $($pre:tt)* } $body:expr) => {{
        $($pre)*
        let __call = $crate::__private_0_1_0::Call::new(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::NAME, $method);
        let __span = __call.enter();
        __call.ready_or_panic(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::lifecycle($this));
        $body
    }};
    (async result, $self_ty:tt, $method:literal, $this:expr, $from:expr, { $($pre:tt)* } $body:expr) => {{
        $($pre)*
        let __call = $crate::__private_0_1_0::Call::new(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::NAME, $method);
        let __result = match __call.ready(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::lifecycle($this)) {
            ::core::result::Result::Ok(()) => __call.instrument($body).await,
            ::core::result::Result::Err(__not_ready) => ($from)(__not_ready),
        };
        #[allow(unused_imports)]
        use $crate::__private_0_1_0::RecordAny as _;
        $crate::__private_0_1_0::Outcome(__result).record(&__call)
    }};
    (async typed, $self_ty:tt, $method:literal, $this:expr, $ret:ty, { $($pre:tt)* } $body:expr) => {{
        $($pre)*
        let __call = $crate::__private_0_1_0::Call::new(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::NAME, $method);
        match __call.ready(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::lifecycle($this)) {
            ::core::result::Result::Ok(()) => __call.instrument($body).await,
            ::core::result::Result::Err(__not_ready) => {
                #[allow(unused_imports)]
                use $crate::__private_0_1_0::{NotReadyPanic as _, NotReadyResult as _};
                (&&$crate::__private_0_1_0::NotReadyAs::<$ret>::new()).not_ready(__not_ready, &__call)
            }
        }
    }};
    (async plain, $self_ty:tt, $method:literal, $this:expr, { $($pre:tt)* } $body:expr) => {{
        $($pre)*
        let __call = $crate::__private_0_1_0::Call::new(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::NAME, $method);
        __call.ready_or_panic(<$self_ty as $crate::__private_0_1_0::DerivedOrchestrator>::lifecycle($this));
        __call.instrument($body).await
    }};
}
