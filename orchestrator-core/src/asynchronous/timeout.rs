//! Time limits of the async lifecycle: per-component timeouts, the overall deadline of an
//! `initialize()` or `cleanup()`, their error [`TimedOut`] and the settings error
//! [`TimeoutError`]. The timers are tokio's (the `tokio` feature).

use core::fmt;
use core::task::Context;
use std::time::Duration;

use crate::ComponentError;

/// The cause of a component step that did not finish in time. Its future is dropped, so it
/// does not go on in the background. A timed-out `init` is a failed `init` (the orchestrator
/// rolls back); a timed-out `cleanup` is a cleanup failure (the component counts as
/// `Failed`, and the components it depends on are still cleaned up).
///
/// Two limits lead here: the component's own timeout (`#[component(timeout_ms = N)]`, or
/// [`AsyncOrchestrator::set_timeout`](crate::AsyncOrchestrator::set_timeout) at run time), and
/// the deadline of the whole call
/// ([`set_cleanup_timeout`](crate::AsyncOrchestrator::set_cleanup_timeout),
/// [`set_initialize_timeout`](crate::AsyncOrchestrator::set_initialize_timeout)).
///
/// Timeouts need the `tokio` feature, and the orchestrator must then run inside a tokio runtime
/// with its timer enabled (`#[tokio::main]`, `#[tokio::test]`, or a runtime built with
/// `enable_time()`).
///
/// ```
/// use orchestrator::{ComponentError, TimedOut};
/// let err = ComponentError::new(TimedOut::new(250));
/// assert_eq!(err.to_string(), "timed out after 250 ms");
/// assert_eq!(err.downcast_ref::<TimedOut>().unwrap().ms(), 250);
///
/// let err = ComponentError::new(TimedOut::deadline("cleanup", 5000));
/// assert_eq!(err.to_string(), "still running when the cleanup deadline of 5000 ms passed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOut {
    ms: u64,
    /// `Some(call)` when the call's overall deadline passed, `None` for the component's own
    /// timeout.
    deadline: Option<&'static str>,
}

impl TimedOut {
    /// The component's own timeout of `ms` milliseconds passed.
    #[must_use]
    pub fn new(ms: u64) -> Self {
        Self { ms, deadline: None }
    }

    /// The deadline of the whole `call` (`"initialize"` or `"cleanup"`), `ms` milliseconds,
    /// passed while the component's step was still running.
    #[must_use]
    pub fn deadline(call: &'static str, ms: u64) -> Self {
        Self { ms, deadline: Some(call) }
    }

    /// The timeout, in milliseconds.
    #[must_use]
    pub fn ms(&self) -> u64 {
        self.ms
    }

    /// Whether it was the whole call's deadline (not the component's own timeout).
    #[must_use]
    pub fn is_deadline(&self) -> bool {
        self.deadline.is_some()
    }
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.deadline {
            None => write!(f, "timed out after {} ms", self.ms),
            Some(call) => write!(f, "still running when the {call} deadline of {} ms passed", self.ms),
        }
    }
}

impl std::error::Error for TimedOut {}

/// A time limit that could not be set.
///
/// ```
/// use orchestrator::TimeoutError;
/// let err = TimeoutError::UnknownComponent { orchestrator: "Shop", name: "dbb".into(), closest: Some("db") };
/// assert_eq!(err.to_string(), "`Shop` has no component named `dbb`; did you mean `db`?");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutError {
    /// No component has this name (a name given as a string; the names are `COMPONENTS`).
    UnknownComponent {
        /// The orchestrator's name.
        orchestrator: &'static str,
        /// The name asked for.
        name: String,
        /// The component's name it most likely misspells, if one is close.
        closest: Option<&'static str>,
    },
    /// The component is a sync `Component`: its `init` and `cleanup` block the thread and no
    /// timer can interrupt them. Make it an `AsyncComponent` whose steps `.await`, or move the
    /// blocking work to `tokio::task::spawn_blocking` inside an async step.
    Blocking {
        /// The orchestrator's name.
        orchestrator: &'static str,
        /// The component's name.
        component: &'static str,
    },
    /// This build has no timer: enable the `tokio` feature of `orchestrator-pattern`.
    NoTimer,
    /// The orchestrator implements `AsyncOrchestrator` by hand, without time limits.
    NotSupported {
        /// The orchestrator's name.
        orchestrator: &'static str,
    },
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeoutError::UnknownComponent { orchestrator, name, closest } => {
                write!(f, "`{orchestrator}` has no component named `{name}`")?;
                crate::error::did_you_mean(f, *closest)
            }
            TimeoutError::Blocking { orchestrator, component } => write!(
                f,
                "component `{component}` of `{orchestrator}` is a sync `Component`: its steps block the thread and a timeout cannot interrupt them; make it an `AsyncComponent`"
            ),
            TimeoutError::NoTimer => f.write_str("timeouts need the `tokio` feature of orchestrator-pattern"),
            TimeoutError::NotSupported { orchestrator } => {
                write!(f, "`{orchestrator}` implements `AsyncOrchestrator` by hand and takes no time limits")
            }
        }
    }
}

impl std::error::Error for TimeoutError {}

/// `true` when this build supports timeouts (the `tokio` feature is on). The derive emits
/// `const _: () = assert!(__private_0_1_0::TIMEOUTS_SUPPORTED, "...")` when a component has a
/// `timeout_ms`, to make the missing feature a compile error.
pub const TIMEOUTS_SUPPORTED: bool = cfg!(feature = "tokio");

/// Compile-time probe of whether a component type is a sync [`Component`](crate::Component),
/// whose steps block the thread (for `timeout_ms`): `<BlockingProbe<T>>::BLOCKING` is the
/// inherent `true` when it is, else the [`NotBlocking`] default `false`.
pub struct BlockingProbe<T: ?Sized>(core::marker::PhantomData<T>);

/// The fallback of [`BlockingProbe`].
pub trait NotBlocking {
    /// `false`: the probed type's steps are async.
    const BLOCKING: bool = false;
}

impl<T: ?Sized> NotBlocking for BlockingProbe<T> {}

impl<T: ?Sized + crate::Component> BlockingProbe<T> {
    /// `true`: the probed type is a sync component.
    pub const BLOCKING: bool = true;
}

/// One `timeout_ms` check: a `const` that fails to evaluate, naming the orchestrator and the
/// component, when the component's type `$ty` is a sync `Component` (or, for a component with
/// `uses(...)`, a sync `Uses`). The derive emits one per component with a `timeout_ms`,
/// spanned at its type.
#[doc(hidden)]
#[macro_export]
macro_rules! __check_timeout {
    ($orchestrator:literal, $component:literal, $ty:ty) => {
        const _: () = {
            use $crate::__private_0_1_0::NotBlocking as _;
            ::core::assert!(
                !<$crate::__private_0_1_0::BlockingProbe<$ty>>::BLOCKING,
                ::core::concat!(
                    "`timeout_ms` on `",
                    $component,
                    "` of `",
                    $orchestrator,
                    "`: its type is a sync `Component`, whose init and cleanup block the thread, and no timer \
                     can interrupt them. help: implement `AsyncComponent` for it in place of `Component` (a timer \
                     stops an async step at its `.await`s; a type cannot implement both), or remove `timeout_ms`",
                ),
            );
        };
    };
    // a component with `uses(...)`, lent the dependencies of `$family` (see `kind::Family`)
    ($orchestrator:literal, $component:literal, $ty:ty, $family:ty) => {
        const _: () = {
            use $crate::__private_0_1_0::Unproven as _;
            type __K = $crate::__private_0_1_0::Kind<$ty, $family>;
            ::core::assert!(
                !(__K::USES || __K::USES_STATIC),
                ::core::concat!(
                    "`timeout_ms` on `",
                    $component,
                    "` of `",
                    $orchestrator,
                    "`: its type implements the sync `Uses`, whose init and cleanup block the thread, and no \
                     timer can interrupt them. help: implement `AsyncUses` for it in place of `Uses` (a timer \
                     stops an async step at its `.await`s; a type cannot implement both), or remove `timeout_ms`",
                ),
            );
        };
    };
}

/// A component's own timeout while its step runs (none for `None`).
pub(crate) struct StepTimer {
    limit: Option<Duration>,
    #[cfg(feature = "tokio")]
    sleep: Option<core::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl StepTimer {
    pub(crate) fn new(limit: Option<Duration>) -> Self {
        Self {
            limit,
            #[cfg(feature = "tokio")]
            sleep: None,
        }
    }

    /// Starts the timer, before the step's first poll. Outside a tokio runtime with its timer
    /// tokio panics here: that panic is the step's error. Without the `tokio` feature a step
    /// with a timeout does not run: it fails, saying why.
    pub(crate) fn start(&mut self) -> Result<(), ComponentError> {
        let Some(limit) = self.limit else { return Ok(()) };
        #[cfg(feature = "tokio")]
        {
            match std::panic::catch_unwind(|| Box::pin(tokio::time::sleep(limit))) {
                Ok(sleep) => {
                    self.sleep = Some(sleep);
                    Ok(())
                }
                Err(payload) => Err(crate::panic::panic_error(payload)),
            }
        }
        #[cfg(not(feature = "tokio"))]
        Err(ComponentError::msg(format!(
            "timeout_ms = {} needs the `tokio` feature of orchestrator-pattern",
            millis(limit)
        )))
    }

    /// After the step's poll was pending: its error once the timeout has passed (else `cx` is
    /// woken when it does).
    pub(crate) fn poll_expired(&mut self, cx: &mut Context<'_>) -> Option<ComponentError> {
        #[cfg(feature = "tokio")]
        if let (Some(limit), Some(sleep)) = (self.limit, &mut self.sleep)
            && sleep.as_mut().poll(cx).is_ready()
        {
            return Some(ComponentError::new(TimedOut::new(millis(limit))));
        }
        #[cfg(not(feature = "tokio"))]
        let _ = cx;
        None
    }
}

/// `limit` in whole milliseconds, for messages.
pub(crate) fn millis(limit: Duration) -> u64 {
    u64::try_from(limit.as_millis()).unwrap_or(u64::MAX)
}

/// The deadline of one lifecycle call, from its start. Once it has passed, every step still
/// running is timed out, and every later step is polled once (a step that finishes without
/// waiting still runs; one that would wait is timed out at once).
pub(crate) struct Deadline {
    call: &'static str,
    limit: Option<Duration>,
    #[cfg(feature = "tokio")]
    at: Option<tokio::time::Instant>,
    #[cfg(feature = "tokio")]
    sleep: Option<core::pin::Pin<Box<tokio::time::Sleep>>>,
    passed: bool,
}

impl Deadline {
    /// The deadline `limit` from now (none for `None`).
    pub(crate) fn after(call: &'static str, limit: Option<Duration>) -> Self {
        Self {
            call,
            limit,
            #[cfg(feature = "tokio")]
            at: limit.and_then(|limit| tokio::time::Instant::now().checked_add(limit)),
            #[cfg(feature = "tokio")]
            sleep: None,
            passed: false,
        }
    }

    /// A deadline for part of this one's call (a release, a rollback) that has a limit of its
    /// own, `limit` from now for `call`: whichever of the two comes first.
    pub(crate) fn within(&self, call: &'static str, limit: Option<Duration>) -> Self {
        let own = Self::after(call, limit);
        #[cfg(feature = "tokio")]
        if let Some(outer) = self.at
            && own.at.is_none_or(|inner| outer <= inner)
        {
            return Self { call: self.call, limit: self.limit, at: self.at, sleep: None, passed: self.passed };
        }
        own
    }

    /// Whether the deadline is past now (without a timer: never).
    pub(crate) fn is_past(&self) -> bool {
        #[cfg(feature = "tokio")]
        if let Some(at) = self.at {
            return self.passed || tokio::time::Instant::now() >= at;
        }
        self.passed
    }

    /// The error of a step the deadline cut short.
    pub(crate) fn error(&self) -> ComponentError {
        ComponentError::new(TimedOut::deadline(self.call, self.limit.map_or(0, millis)))
    }

    /// Whether the deadline has passed; if not, `cx` is woken when it does.
    pub(crate) fn poll_passed(&mut self, orchestrator: &'static str, cx: &mut Context<'_>) -> bool {
        if self.passed || self.limit.is_none() {
            return self.passed;
        }
        #[cfg(feature = "tokio")]
        {
            if self.sleep.is_none() {
                match self.at.and_then(start_timer) {
                    Some(sleep) => self.sleep = Some(sleep),
                    None => {
                        // no timer here: go on without the deadline, and say so
                        crate::trace::no_timer(orchestrator, self.call);
                        self.limit = None;
                        return false;
                    }
                }
            }
            if let Some(sleep) = &mut self.sleep {
                self.passed = sleep.as_mut().poll(cx).is_ready();
            }
        }
        #[cfg(not(feature = "tokio"))]
        let _ = (orchestrator, cx);
        self.passed
    }
}

/// tokio's timer at `at`, or `None` outside a tokio runtime with its timer enabled.
#[cfg(feature = "tokio")]
fn start_timer(at: tokio::time::Instant) -> Option<core::pin::Pin<Box<tokio::time::Sleep>>> {
    // outside a runtime, or in one without `enable_time()`, tokio panics here
    let sleep = std::panic::catch_unwind(|| Box::pin(tokio::time::sleep_until(at)));
    match sleep {
        Ok(sleep) => Some(sleep),
        Err(payload) => {
            crate::panic::drop_payload(payload);
            None
        }
    }
}

#[cfg(feature = "tokio")]
use core::future::Future as _;
