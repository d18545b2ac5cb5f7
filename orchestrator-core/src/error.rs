//! The errors of components and of the lifecycle.

use core::fmt;
use core::ops::Deref;
use std::error::Error as StdError;

use crate::state::State;

type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// The error a component returns from [`Component::init`](crate::Component::init) or
/// [`Component::cleanup`](crate::Component::cleanup).
///
/// Like `anyhow::Error`, `?` converts into it from any
/// `std::error::Error + Send + Sync + 'static`, a `String` or a `&str`, and it displays and
/// exposes the error it wraps:
///
/// ```
/// use orchestrator::ComponentError;
///
/// fn open() -> Result<(), ComponentError> {
///     std::fs::read("/definitely/not/here")?;
///     Ok(())
/// }
/// let err = open().unwrap_err();
/// assert!(err.downcast_ref::<std::io::Error>().is_some());
///
/// let err: ComponentError = "queue is full".into();
/// assert_eq!(err.to_string(), "queue is full");
/// ```
///
/// `{}` writes the wrapped error's message; `{:#}` writes it followed by each error of its
/// [`source()`](StdError::source) chain, joined by `": "`, on one line.
///
/// # Into application errors
///
/// It does not implement `std::error::Error` itself (that would collide with the blanket
/// conversion, exactly as for `anyhow::Error`), but it gives the error it wraps, so that
/// application error types keep the whole chain:
///
/// - `Box<dyn Error + Send + Sync>` with `From`, `Into` or `?`: the wrapped error itself (an
///   `io::Error` downcasts back to `io::Error`); a caught panic becomes an error whose message
///   is the `ComponentError`'s, `panicked: <the panic message>`;
/// - `Box<dyn Error>` with [`into_inner`](ComponentError::into_inner), which coerces
///   (`let boxed: Box<dyn Error> = err.into_inner();`);
/// - `&dyn Error` (with or without `Send + Sync`) with [`as_error`](ComponentError::as_error),
///   `AsRef` and `Deref`, so the methods of `dyn Error` are callable on it.
///
/// ```
/// use orchestrator::ComponentError;
/// use std::error::Error;
/// use std::fmt;
///
/// #[derive(Debug)]
/// enum AppError {
///     Component(Box<dyn Error + Send + Sync>),
/// }
///
/// impl fmt::Display for AppError {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         f.write_str("a component failed")
///     }
/// }
///
/// impl Error for AppError {
///     fn source(&self) -> Option<&(dyn Error + 'static)> {
///         match self {
///             AppError::Component(error) => Some(&**error),
///         }
///     }
/// }
///
/// impl From<ComponentError> for AppError {
///     fn from(error: ComponentError) -> Self {
///         AppError::Component(error.into())
///     }
/// }
///
/// let err = ComponentError::new(std::io::Error::other("disk full"));
/// assert!(err.is::<std::io::Error>()); // a method of `dyn Error`, through `Deref`
///
/// let app = AppError::from(err);
/// let cause = app.source().unwrap();
/// assert_eq!(cause.to_string(), "disk full");
/// assert!(cause.downcast_ref::<std::io::Error>().is_some());
/// ```
///
/// There is no `From<ComponentError> for Box<dyn Error>` (without `Send + Sync`): with it,
/// the blanket conversion would cover `ComponentError` itself. For the same reason that
/// blanket conversion asks for both `Into<Box<dyn Error + Send + Sync>>` and
/// `Into<Box<dyn Error>>`, which every error type, `String`, `&str` and `Cow<str>` have; an
/// error that is already a `Box<dyn Error + Send + Sync>` goes through
/// [`ComponentError::new`].
pub struct ComponentError {
    inner: BoxError,
    panicked: bool,
}

impl ComponentError {
    /// Wraps an error: anything that converts into `Box<dyn Error + Send + Sync>`, an already
    /// boxed error included.
    ///
    /// ```
    /// use orchestrator::ComponentError;
    /// use std::error::Error;
    ///
    /// let boxed: Box<dyn Error + Send + Sync> = "no route to host".into();
    /// assert_eq!(ComponentError::new(boxed).to_string(), "no route to host");
    /// ```
    pub fn new(error: impl Into<BoxError>) -> Self {
        Self { inner: error.into(), panicked: false }
    }

    /// An error with only a message.
    pub fn msg(message: impl fmt::Display) -> Self {
        Self::new(message.to_string())
    }

    /// The error that stands for a caught panic, with the panic's message.
    pub(crate) fn from_panic(payload: &(dyn core::any::Any + Send)) -> Self {
        let message = payload
            .downcast_ref::<&'static str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic with a non-string payload".to_owned());
        Self { inner: format!("panicked: {message}").into(), panicked: true }
    }

    /// A copy, for a report that shows an error also kept elsewhere: a [`TimedOut`] stays
    /// one; any other error becomes its message (with its causes), keeping whether it was a
    /// panic.
    ///
    /// [`TimedOut`]: crate::TimedOut
    #[cfg(feature = "tokio")]
    pub(crate) fn duplicate(&self) -> Self {
        if let Some(timed_out) = self.downcast_ref::<crate::TimedOut>() {
            return Self::new(*timed_out);
        }
        let message = format!("{:#}", crate::panic::Shown::display(self));
        Self { inner: message.into(), panicked: self.panicked }
    }

    /// `true` when this error stands for a panic the lifecycle caught.
    #[must_use]
    pub fn is_panic(&self) -> bool {
        self.panicked
    }

    /// The wrapped error.
    #[must_use]
    pub fn as_error(&self) -> &(dyn StdError + Send + Sync + 'static) {
        &*self.inner
    }

    /// The wrapped error, by value: the same as `Box::<dyn Error + Send + Sync>::from(self)`.
    /// It coerces into a `Box<dyn Error>`.
    ///
    /// ```
    /// use orchestrator::ComponentError;
    /// use std::error::Error;
    ///
    /// let err = ComponentError::new(std::io::Error::other("disk full"));
    /// let boxed: Box<dyn Error> = err.into_inner();
    /// assert!(boxed.downcast::<std::io::Error>().is_ok());
    /// ```
    #[must_use]
    pub fn into_inner(self) -> BoxError {
        self.inner
    }

    /// The wrapped error as `E`, if it is one.
    #[must_use]
    pub fn downcast_ref<E: StdError + 'static>(&self) -> Option<&E> {
        self.inner.downcast_ref::<E>()
    }

    /// The wrapped error's own source, the next link of the chain (the same as
    /// `self.as_error().source()`).
    #[must_use]
    pub fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner.source()
    }
}

/// `?` and `.into()` from any error type, a `String`, a `&str` or a `Cow<str>`. The second
/// bound is what keeps `ComponentError` itself out of this impl, so that it can convert into
/// `Box<dyn Error + Send + Sync>`.
impl<E> From<E> for ComponentError
where
    E: Into<BoxError> + Into<Box<dyn StdError + 'static>>,
{
    fn from(error: E) -> Self {
        Self::new(error)
    }
}

/// The wrapped error itself, so that it downcasts to its own type.
impl From<ComponentError> for Box<dyn StdError + Send + Sync + 'static> {
    fn from(error: ComponentError) -> Self {
        error.inner
    }
}

impl AsRef<dyn StdError + Send + Sync> for ComponentError {
    fn as_ref(&self) -> &(dyn StdError + Send + Sync + 'static) {
        &*self.inner
    }
}

impl AsRef<dyn StdError> for ComponentError {
    fn as_ref(&self) -> &(dyn StdError + 'static) {
        &*self.inner
    }
}

/// The wrapped error: the methods of `dyn Error` (`is`, `source`, ...) are callable on a
/// `ComponentError`, and `&*err` is a `&dyn Error`.
impl Deref for ComponentError {
    type Target = dyn StdError + Send + Sync + 'static;

    fn deref(&self) -> &Self::Target {
        &*self.inner
    }
}

impl fmt::Display for ComponentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !f.alternate() {
            return fmt::Display::fmt(&self.inner, f);
        }
        // `{}` of each link: an error whose own `{:#}` writes its chain is not written twice.
        write!(f, "{}", self.inner)?;
        let mut source = self.inner.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl fmt::Debug for ComponentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

/// Where a lifecycle step failed.
///
/// With the `serde` feature it implements `Serialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Phase {
    /// A component's `init`.
    Init,
    /// The orchestrator's register hook, after every component's `init`.
    Register,
    /// A component's `cleanup`.
    Cleanup,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Phase::Init => "init",
            Phase::Register => "register",
            Phase::Cleanup => "cleanup",
        })
    }
}

/// One component's failed step: which component, and its error.
///
/// It is an error itself: `{}` is ``"`name`: message"``, `{:#}` writes the component's error
/// with its whole chain, and [`source()`](StdError::source) is the component's error (which
/// leads on through its own chain).
///
/// ```
/// use orchestrator::{ComponentError, Failure};
/// use std::error::Error;
///
/// let io = std::io::Error::other("disk full");
/// let failure = Failure { component: "cache", error: ComponentError::new(FlushError(io)) };
/// assert_eq!(failure.to_string(), "`cache`: flush failed");
/// assert_eq!(format!("{failure:#}"), "`cache`: flush failed: disk full");
///
/// let source = failure.source().unwrap();
/// assert!(source.is::<FlushError>());
/// assert_eq!(source.source().unwrap().to_string(), "disk full");
///
/// #[derive(Debug)]
/// struct FlushError(std::io::Error);
/// impl std::fmt::Display for FlushError {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.write_str("flush failed")
///     }
/// }
/// impl Error for FlushError {
///     fn source(&self) -> Option<&(dyn Error + 'static)> {
///         Some(&self.0)
///     }
/// }
/// ```
#[derive(Debug)]
pub struct Failure {
    /// The component's name (its field name, or its `#[component(name = "...")]`).
    pub component: &'static str,
    /// What it returned, or the panic it raised.
    pub error: ComponentError,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: ", self.component)?;
        write_part(f, &self.error)
    }
}

impl StdError for Failure {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.error.as_error())
    }
}

/// Writes one part of a message: with `{:#}` when `f` is alternate, else with `{}`. The other
/// options of `f` (width, precision) are not passed on to a part.
fn write_part(f: &mut fmt::Formatter<'_>, part: &dyn fmt::Display) -> fmt::Result {
    if f.alternate() { write!(f, "{part:#}") } else { write!(f, "{part}") }
}

/// `` `a`: x; `b`: y ``, each failure written with [`write_part`].
fn write_failures(f: &mut fmt::Formatter<'_>, failures: &[Failure]) -> fmt::Result {
    for (i, failure) in failures.iter().enumerate() {
        if i > 0 {
            f.write_str("; ")?;
        }
        write_part(f, failure)?;
    }
    Ok(())
}

/// `1 component`, `2 components`; with `other`, `1 other component`.
struct Components {
    count: usize,
    other: bool,
}

impl fmt::Display for Components {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let other = if self.other { "other " } else { "" };
        let plural = if self.count == 1 { "" } else { "s" };
        write!(f, "{} {other}component{plural}", self.count)
    }
}

/// `initialize()` failed: a component's `init` or the register hook returned an error or
/// panicked. The components initialized before it were cleaned up (rolled back) in reverse
/// order; the errors of that rollback, if any, are in [`InitError::rollback_errors`]. When
/// several components initialize at once (an async orchestrator's dependency level),
/// [`InitError::also_failed`] holds the others that failed in the same step.
///
/// `{}` is one line: the cause, then the other failures of the step and the rollback's
/// failures, if any, each list in parentheses:
///
/// ```
/// use orchestrator::{ComponentError, Failure, InitError, Phase};
/// use std::error::Error;
///
/// let err = InitError::new("Shop", "db", Phase::Init, ComponentError::msg("refused"), Vec::new());
/// assert_eq!(err.to_string(), "Shop: init of component `db` failed: refused");
/// assert_eq!(err.source().unwrap().to_string(), "refused");
///
/// let err = InitError::new("Shop", "db", Phase::Init, ComponentError::msg("refused"), vec![
///     Failure { component: "cache", error: ComponentError::msg("x") },
///     Failure { component: "log", error: ComponentError::msg("y") },
/// ])
/// .with_also_failed(vec![Failure { component: "queue", error: ComponentError::msg("z") }]);
/// assert_eq!(
///     err.to_string(),
///     "Shop: init of component `db` failed: refused \
///      (1 other component failed too: `queue`: z) \
///      (rollback failed for 2 components: `cache`: x; `log`: y)"
/// );
/// ```
///
/// `{:#}` is the same line with every component's error written with `{:#}`, followed by its
/// source chain:
///
/// ```
/// use orchestrator::{ComponentError, Failure, InitError, Phase};
/// use std::{error::Error, fmt, io};
///
/// let refused = Refused(io::Error::new(io::ErrorKind::ConnectionRefused, "port 5432"));
/// let err = InitError::new("Shop", "db", Phase::Init, ComponentError::new(refused), vec![
///     Failure { component: "cache", error: ComponentError::msg("flush failed") },
/// ]);
/// assert_eq!(
///     format!("{err:#}"),
///     "Shop: init of component `db` failed: connection refused: port 5432 \
///      (rollback failed for 1 component: `cache`: flush failed)"
/// );
/// assert_eq!(
///     err.to_string(),
///     "Shop: init of component `db` failed: connection refused \
///      (rollback failed for 1 component: `cache`: flush failed)"
/// );
///
/// #[derive(Debug)]
/// struct Refused(io::Error);
/// impl fmt::Display for Refused {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         f.write_str("connection refused")
///     }
/// }
/// impl Error for Refused {
///     fn source(&self) -> Option<&(dyn Error + 'static)> {
///         Some(&self.0)
///     }
/// }
/// ```
///
/// [`source()`](StdError::source) is the cause, the error of
/// [`component()`](InitError::component); the other failures are in
/// [`also_failed()`](InitError::also_failed) and
/// [`rollback_errors()`](InitError::rollback_errors), each a [`Failure`], an error with its
/// own chain.
#[derive(Debug)]
pub struct InitError {
    orchestrator: &'static str,
    component: &'static str,
    phase: Phase,
    cause: ComponentError,
    also_failed: Vec<Failure>,
    rollback: Vec<Failure>,
}

impl InitError {
    /// Builds the error; the lifecycle does this, tests and hand-written orchestrators may too.
    #[must_use]
    pub fn new(
        orchestrator: &'static str,
        component: &'static str,
        phase: Phase,
        cause: ComponentError,
        rollback: Vec<Failure>,
    ) -> Self {
        Self { orchestrator, component, phase, cause, also_failed: Vec::new(), rollback }
    }

    /// The same error, with the other components whose `init` failed in the same step as
    /// [`component()`](InitError::component) (the other components of an async dependency
    /// level), in the order they finished; it replaces any earlier list.
    ///
    /// ```
    /// use orchestrator::{ComponentError, Failure, InitError, Phase};
    ///
    /// let err = InitError::new("Shop", "db", Phase::Init, ComponentError::msg("refused"), Vec::new())
    ///     .with_also_failed(vec![
    ///         Failure { component: "cache", error: ComponentError::msg("x") },
    ///         Failure { component: "log", error: ComponentError::msg("y") },
    ///     ]);
    /// let names: Vec<_> = err.also_failed().iter().map(|f| f.component).collect();
    /// assert_eq!(names, ["cache", "log"]);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "Shop: init of component `db` failed: refused (2 other components failed too: `cache`: x; `log`: y)"
    /// );
    /// ```
    #[must_use]
    pub fn with_also_failed(self, also_failed: Vec<Failure>) -> Self {
        Self { also_failed, ..self }
    }

    /// The orchestrator's name.
    #[must_use]
    pub fn orchestrator(&self) -> &'static str {
        self.orchestrator
    }

    /// The component whose `init` failed; for the register hook, the hook's name.
    #[must_use]
    pub fn component(&self) -> &'static str {
        self.component
    }

    /// [`Phase::Init`] or [`Phase::Register`].
    #[must_use]
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The error the component returned, or the panic it raised.
    #[must_use]
    pub fn cause(&self) -> &ComponentError {
        &self.cause
    }

    /// The other components whose `init` failed in the same step, besides
    /// [`component()`](InitError::component): empty, unless several components initialized
    /// at once (an async orchestrator's dependency level). They were not initialized, so the
    /// rollback does not clean them up.
    #[must_use]
    pub fn also_failed(&self) -> &[Failure] {
        &self.also_failed
    }

    /// The errors of the rollback's cleanups, in the order they happened.
    #[must_use]
    pub fn rollback_errors(&self) -> &[Failure] {
        &self.rollback
    }
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.cause.downcast_ref::<Reentrant>().is_some() {
            // a refused call: nothing failed, the message says what happened
            return write_part(f, &self.cause);
        }
        match self.phase {
            Phase::Register => write!(f, "{}: register hook `{}` failed: ", self.orchestrator, self.component)?,
            _ => write!(f, "{}: {} of component `{}` failed: ", self.orchestrator, self.phase, self.component)?,
        }
        write_part(f, &self.cause)?;
        if !self.also_failed.is_empty() {
            let count = Components { count: self.also_failed.len(), other: true };
            write!(f, " ({count} failed too: ")?;
            write_failures(f, &self.also_failed)?;
            f.write_str(")")?;
        }
        if !self.rollback.is_empty() {
            let count = Components { count: self.rollback.len(), other: false };
            write!(f, " (rollback failed for {count}: ")?;
            write_failures(f, &self.rollback)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl StdError for InitError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.cause.as_error())
    }
}

/// `cleanup()` finished with errors: every component was still cleaned up, and these are the
/// ones whose `cleanup` returned an error or panicked, in cleanup order.
///
/// `{}` is one line that lists every failure; `{:#}` writes each component's error with `{:#}`,
/// followed by its source chain:
///
/// ```
/// use orchestrator::{CleanupError, ComponentError, Failure};
/// use std::error::Error;
///
/// let err = CleanupError::new("Shop", vec![
///     Failure { component: "cache", error: ComponentError::msg("flush failed") },
///     Failure { component: "db", error: ComponentError::msg("still locked") },
/// ]);
/// assert_eq!(err.to_string(),
///     "Shop: cleanup failed for 2 components: `cache`: flush failed; `db`: still locked");
/// assert!(err.source().is_none(), "two causes: see errors()");
/// for failure in err.errors() {
///     println!("{failure:#}"); // the component's name and its error's whole chain
/// }
///
/// let err = CleanupError::new("Shop", vec![
///     Failure { component: "db", error: ComponentError::new(std::io::Error::other("still locked")) },
/// ]);
/// assert_eq!(err.to_string(), "Shop: cleanup failed for 1 component: `db`: still locked");
/// let source = err.source().unwrap();
/// assert!(source.is::<std::io::Error>());
/// ```
///
/// # `source()`
///
/// With exactly one failure, [`source()`](StdError::source) is that component's error, and the
/// chain goes on through its own sources. With several, it is `None`: a source chain is a
/// single line of causes, and the failures are independent of one another, so picking one
/// would hide the others from a report that walks the chain. The message lists them all, and
/// [`errors()`](CleanupError::errors) gives each as a [`Failure`], itself an error whose
/// `source()` leads into that component's chain.
#[derive(Debug)]
pub struct CleanupError {
    orchestrator: &'static str,
    errors: Vec<Failure>,
}

impl CleanupError {
    /// Builds the error from the failures, in cleanup order.
    #[must_use]
    pub fn new(orchestrator: &'static str, errors: Vec<Failure>) -> Self {
        Self { orchestrator, errors }
    }

    /// The orchestrator's name.
    #[must_use]
    pub fn orchestrator(&self) -> &'static str {
        self.orchestrator
    }

    /// Every component whose cleanup failed, in cleanup order.
    #[must_use]
    pub fn errors(&self) -> &[Failure] {
        &self.errors
    }

    /// The failures, by value.
    #[must_use]
    pub fn into_errors(self) -> Vec<Failure> {
        self.errors
    }
}

impl fmt::Display for CleanupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let [only] = self.errors.as_slice()
            && only.error.downcast_ref::<Reentrant>().is_some()
        {
            // a refused call: nothing failed, the message says what happened
            return write_part(f, &only.error);
        }
        let count = Components { count: self.errors.len(), other: false };
        write!(f, "{}: cleanup failed for {count}", self.orchestrator)?;
        if !self.errors.is_empty() {
            f.write_str(": ")?;
            write_failures(f, &self.errors)?;
        }
        Ok(())
    }
}

impl StdError for CleanupError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self.errors.as_slice() {
            [only] => Some(only.error.as_error()),
            _ => None,
        }
    }
}

/// A coordination method was called while its orchestrator was not [`State::Ready`].
///
/// Methods of an `#[orchestrate]` block that return `Result<_, E>` return
/// `Err(NotReady.into())`, so `E` must implement `From<NotReady>`.
///
/// ```
/// use orchestrator::{NotReady, State};
/// let err = NotReady::new("Shop", "checkout", State::Created);
/// assert_eq!(err.to_string(),
///     "Shop::checkout called while the orchestrator is Created: call initialize() first");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotReady {
    orchestrator: &'static str,
    method: &'static str,
    state: State,
}

impl NotReady {
    /// Builds the error.
    #[must_use]
    pub fn new(orchestrator: &'static str, method: &'static str, state: State) -> Self {
        Self { orchestrator, method, state }
    }

    /// The orchestrator's name.
    #[must_use]
    pub fn orchestrator(&self) -> &'static str {
        self.orchestrator
    }

    /// The coordination method that was called.
    #[must_use]
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The state the orchestrator was in.
    #[must_use]
    pub fn state(&self) -> State {
        self.state
    }
}

impl fmt::Display for NotReady {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hint = match self.state {
            State::Failed => "its initialization failed; call initialize() again",
            State::Starting => "its initialize() has not finished (or was dropped); await initialize() first",
            State::Stopping => "its cleanup() has not finished (or was dropped); call initialize() to start it again",
            _ => "call initialize() first",
        };
        write!(f, "{}::{} called while the orchestrator is {:?}: {hint}", self.orchestrator, self.method, self.state)
    }
}

impl StdError for NotReady {}

/// `initialize()` or `cleanup()` was called while a lifecycle transition of the same
/// orchestrator was running, for example from its register hook, which runs inside
/// `initialize()`. A lifecycle call never runs inside another of the same orchestrator: it
/// does not initialize or clean up any component, and returns this error instead.
///
/// ```
/// use orchestrator::Reentrant;
///
/// let err = Reentrant::new("Shop", "cleanup", "initialize");
/// assert_eq!((err.orchestrator(), err.call(), err.running()), ("Shop", "cleanup", "initialize"));
/// assert_eq!(
///     err.to_string(),
///     "`Shop::cleanup()` called while `Shop` is initializing (its register hook runs inside initialize()): \
///      a lifecycle call never runs inside another of the same orchestrator; return an error \
///      from the hook to abort the start instead (initialize() then cleans up what it initialized)"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reentrant {
    orchestrator: &'static str,
    call: &'static str,
    running: &'static str,
}

impl Reentrant {
    /// Builds the error: `call` (`"initialize"` or `"cleanup"`) was made while `running` (the
    /// same names) was.
    #[must_use]
    pub fn new(orchestrator: &'static str, call: &'static str, running: &'static str) -> Self {
        Self { orchestrator, call, running }
    }

    /// The orchestrator's name.
    #[must_use]
    pub fn orchestrator(&self) -> &'static str {
        self.orchestrator
    }

    /// The lifecycle call that was refused: `"initialize"` or `"cleanup"`.
    #[must_use]
    pub fn call(&self) -> &'static str {
        self.call
    }

    /// The lifecycle transition that was running: `"initialize"` or `"cleanup"`.
    #[must_use]
    pub fn running(&self) -> &'static str {
        self.running
    }
}

impl fmt::Display for Reentrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { orchestrator, call, running } = *self;
        write!(f, "`{orchestrator}::{call}()` called while ")?;
        match running {
            "initialize" => write!(f, "`{orchestrator}` is initializing (its register hook runs inside initialize())")?,
            "cleanup" => write!(f, "`{orchestrator}` is cleaning up")?,
            _ => write!(f, "`{orchestrator}::{running}()` is running")?,
        }
        f.write_str(": a lifecycle call never runs inside another of the same orchestrator; ")?;
        match (running, call) {
            ("initialize", "initialize") => {
                write!(f, "`{orchestrator}` is Ready once the hook returns")
            }
            ("initialize", _) => f.write_str(
                "return an error from the hook to abort the start instead \
                 (initialize() then cleans up what it initialized)",
            ),
            _ => write!(f, "call {call}() after {running}() has returned"),
        }
    }
}

impl StdError for Reentrant {}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::{ComponentError, Reentrant};

    const NEVER_NESTS: &str = "a lifecycle call never runs inside another of the same orchestrator";

    #[test]
    fn reentrant_keeps_its_fields_and_is_a_plain_value() {
        let err = Reentrant::new("Shop", "initialize", "cleanup");
        assert_eq!(err.orchestrator(), "Shop");
        assert_eq!(err.call(), "initialize");
        assert_eq!(err.running(), "cleanup");
        let copy = err;
        assert_eq!(copy, err);
        assert_ne!(err, Reentrant::new("Shop", "cleanup", "cleanup"));
        assert_eq!(format!("{err:?}"), r#"Reentrant { orchestrator: "Shop", call: "initialize", running: "cleanup" }"#);
        assert!(err.source().is_none());
    }

    #[test]
    fn reentrant_initialize_inside_initialize_says_the_hook_is_inside_initialize() {
        assert_eq!(
            Reentrant::new("Shop", "initialize", "initialize").to_string(),
            format!(
                "`Shop::initialize()` called while `Shop` is initializing (its register hook runs inside initialize()): {NEVER_NESTS}; \
                 `Shop` is Ready once the hook returns"
            )
        );
    }

    #[test]
    fn reentrant_cleanup_inside_initialize_says_to_return_an_error_instead() {
        assert_eq!(
            Reentrant::new("Shop", "cleanup", "initialize").to_string(),
            format!(
                "`Shop::cleanup()` called while `Shop` is initializing (its register hook runs inside initialize()): {NEVER_NESTS}; \
                 return an error from the hook to abort the start instead \
                 (initialize() then cleans up what it initialized)"
            )
        );
    }

    #[test]
    fn reentrant_inside_cleanup_says_to_wait_for_it() {
        assert_eq!(
            Reentrant::new("Shop", "initialize", "cleanup").to_string(),
            format!(
                "`Shop::initialize()` called while `Shop` is cleaning up: {NEVER_NESTS}; \
                 call initialize() after cleanup() has returned"
            )
        );
        assert_eq!(
            Reentrant::new("Shop", "cleanup", "cleanup").to_string(),
            format!(
                "`Shop::cleanup()` called while `Shop` is cleaning up: {NEVER_NESTS}; \
                 call cleanup() after cleanup() has returned"
            )
        );
    }

    #[test]
    fn reentrant_inside_another_transition_names_it() {
        assert_eq!(
            Reentrant::new("Shop", "cleanup", "restart").to_string(),
            format!(
                "`Shop::cleanup()` called while `Shop::restart()` is running: {NEVER_NESTS}; \
                 call cleanup() after restart() has returned"
            )
        );
    }

    #[test]
    fn reentrant_is_one_line_and_travels_in_a_component_error() {
        for (call, running) in [("initialize", "initialize"), ("cleanup", "initialize"), ("initialize", "cleanup")] {
            let err = Reentrant::new("Shop", call, running);
            assert!(!err.to_string().contains('\n'), "{err}");
            let wrapped = ComponentError::new(err);
            assert_eq!(wrapped.downcast_ref::<Reentrant>(), Some(&err));
            let boxed: Box<dyn std::error::Error + Send + Sync> = wrapped.into();
            assert_eq!(*boxed.downcast::<Reentrant>().unwrap(), err);
        }
    }

    #[test]
    fn a_caught_panic_keeps_its_message_through_every_conversion() {
        let payloads: [(Box<dyn core::any::Any + Send>, &str); 3] = [
            (Box::new("boom"), "panicked: boom"),
            (Box::new(String::from("boom 42")), "panicked: boom 42"),
            (Box::new(42_u8), "panicked: a panic with a non-string payload"),
        ];
        for (payload, message) in payloads {
            let err = ComponentError::from_panic(&*payload);
            assert!(err.is_panic());
            assert_eq!(err.to_string(), message);
            assert_eq!(format!("{err:#}"), message);
            assert!(err.source().is_none());
            let boxed: Box<dyn std::error::Error + Send + Sync> = err.into();
            assert_eq!(boxed.to_string(), message);
            assert!(boxed.source().is_none());
        }
    }
}

/// `restart(component)` did not end with the orchestrator `Ready` and the component and its
/// dependents initialized again, or did with cleanup failures on the way.
///
/// ```
/// use orchestrator::{RestartError, State};
/// let err = RestartError::Unavailable { orchestrator: "Shop", state: State::Stopped };
/// assert_eq!(err.to_string(), "Shop: restart refused: the orchestrator is Stopped, not Ready");
/// let err = RestartError::UnknownComponent { orchestrator: "Shop", name: "dbb".into(), closest: Some("db") };
/// assert_eq!(err.to_string(), "Shop: restart refused: no component is named `dbb`; did you mean `db`?");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum RestartError {
    /// No component has this name (a name given as a string); nothing changed.
    UnknownComponent {
        /// The orchestrator's name.
        orchestrator: &'static str,
        /// The name asked for.
        name: String,
        /// The component's name it most likely misspells, if one is close.
        closest: Option<&'static str>,
    },
    /// The orchestrator was not `Ready` (a restart needs every component initialized); nothing
    /// changed.
    Unavailable {
        /// The orchestrator's name.
        orchestrator: &'static str,
        /// Its state.
        state: State,
    },
    /// Initializing a component again failed: as for a failed `initialize()`, every initialized
    /// component was cleaned up, and the orchestrator is `Failed`.
    Init(InitError),
    /// The components were cleaned up and initialized again, and the orchestrator is `Ready`,
    /// but some of those cleanups failed (they are recorded as the last failure too).
    Cleanup(CleanupError),
    /// The orchestrator implements its trait by hand, without restarts.
    NotSupported {
        /// The orchestrator's name.
        orchestrator: &'static str,
    },
}

impl fmt::Display for RestartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestartError::UnknownComponent { orchestrator, name, closest } => {
                write!(f, "{orchestrator}: restart refused: no component is named `{name}`")?;
                did_you_mean(f, *closest)
            }
            RestartError::Unavailable { orchestrator, state } => {
                write!(f, "{orchestrator}: restart refused: the orchestrator is {state}, not Ready")
            }
            RestartError::Init(error) => {
                f.write_str("restart failed: ")?;
                write_part(f, error)
            }
            RestartError::Cleanup(error) => {
                f.write_str("restarted, but ")?;
                write_part(f, error)
            }
            RestartError::NotSupported { orchestrator } => {
                write!(f, "{orchestrator} implements its orchestrator trait by hand, without restarts")
            }
        }
    }
}

impl StdError for RestartError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            RestartError::Init(error) => Some(error),
            RestartError::Cleanup(error) => Some(error),
            _ => None,
        }
    }
}

/// The last failure of an orchestrator's lifecycle call, as [`Status`](crate::Status) shows it.
///
/// ```
/// use orchestrator::{ComponentError, LastFailure, Phase};
/// let failure = LastFailure::new("db", Phase::Init, &ComponentError::msg("connection refused"));
/// assert_eq!(failure.to_string(), "init of `db` failed: connection refused");
/// ```
///
/// With the `serde` feature it implements `Serialize`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LastFailure {
    /// The component's name, or the register hook's name when `phase` is [`Phase::Register`].
    pub component: &'static str,
    /// Where it failed.
    pub phase: Phase,
    /// The error's message, with its causes (`{:#}`).
    pub message: String,
    /// Whether the failure was a panic the lifecycle caught.
    pub panicked: bool,
}

impl LastFailure {
    /// The record of `error`, returned (or raised) by `component` in `phase`.
    #[must_use]
    pub fn new(component: &'static str, phase: Phase, error: &ComponentError) -> Self {
        let message = format!("{:#}", crate::panic::Shown::display(error));
        Self { component, phase, message, panicked: error.is_panic() }
    }
}

impl fmt::Display for LastFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.phase {
            Phase::Register => write!(f, "register hook `{}` failed: {}", self.component, self.message),
            phase => write!(f, "{phase} of `{}` failed: {}", self.component, self.message),
        }
    }
}

/// Ends the message of an unknown name with the closest name, if there is one.
pub(crate) fn did_you_mean(f: &mut fmt::Formatter<'_>, closest: Option<&str>) -> fmt::Result {
    match closest {
        Some(closest) => write!(f, "; did you mean `{closest}`?"),
        None => Ok(()),
    }
}
