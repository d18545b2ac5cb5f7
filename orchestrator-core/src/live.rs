//! [`StatusHandle`]: a live view of an orchestrator for other tasks (an HTTP `/health` or
//! `/ready` handler), readable while the orchestrator itself is owned elsewhere.
//!
//! The orchestrator's [`Lifecycle`](crate::Lifecycle) keeps the shared view only once a handle was taken, and
//! writes to it at each change of state and each finished step (a short lock, never held across
//! anything else); without a handle the lifecycle neither allocates nor locks anything.
//!
//! Publishing a step costs the same at any size: the step writes its own row, and readiness
//! comes from a count of the rows that are not `Ready`, kept with the view, rather than from a
//! pass over every row. Only a lifecycle call's start and end copy every row (once a call).

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::component::Health;
use crate::error::LastFailure;
use crate::name::ComponentName;
use crate::state::State;

/// A cheap, cloneable, thread-safe view of one orchestrator: its state, its components' states,
/// health and restarts, its last failure, and the two probes a platform asks about, *ready*
/// and *live*. Reading it never waits on the orchestrator (only on a short lock the
/// orchestrator takes to publish a change).
///
/// ```
/// use orchestrator::{LiveStatus, State, StatusHandle};
/// let handle = StatusHandle::detached("Shop", &["db", "web"]);
/// let now: LiveStatus = handle.snapshot();
/// assert_eq!((now.state, now.ready, now.live), (State::Created, false, true));
/// assert_eq!(now.components[1].name, "web");
/// ```
///
/// Get the handle of an orchestrator with `status_handle()` (on `Orchestrator` and
/// `AsyncOrchestrator`), then move clones wherever they are read.
#[derive(Clone)]
pub struct StatusHandle {
    shared: Arc<Mutex<View>>,
}

/// The shared view, with what waits for its changes.
struct View {
    live: LiveStatus,
    /// How many of its components are not `Ready` (readiness in O(1)).
    not_ready: usize,
    /// Counts the changes.
    version: u64,
    /// The tasks waiting for the next change.
    waiting: Vec<Waker>,
}

impl View {
    /// Derives `ready` and `live` from the rest of the view.
    #[inline]
    fn refresh(&mut self) {
        let live = &mut self.live;
        live.ready = live.state == State::Ready
            && !live.backing_off
            && !live.restarting
            && !live.shutting_down
            && live.gone.is_none()
            && self.not_ready == 0;
        live.live = live.state != State::Failed && !live.gave_up && live.gone.is_none();
    }
}

/// What a [`StatusHandle`] shows at one moment.
///
/// With the `serde` feature it implements `Serialize`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LiveStatus {
    /// The orchestrator's name.
    pub name: &'static str,
    /// The orchestrator's state.
    pub state: State,
    /// Readiness (Kubernetes' readiness probe): the orchestrator exists and is `Ready`, no
    /// component is restarting or waiting to be restarted, and no shutdown has begun.
    pub ready: bool,
    /// Liveness (Kubernetes' liveness probe): the orchestrator works or is recovering within
    /// its restart budget, also while it shuts down gracefully; `false` once its
    /// initialization failed, its supervision gave up, or it is [gone](Self::gone).
    pub live: bool,
    /// A supervised run is waiting before it restarts a component (backoff).
    pub backing_off: bool,
    /// Supervision decided to restart a component and has not finished the restart (the
    /// backoff, then the restart itself): readiness is off all along.
    pub restarting: bool,
    /// A shutdown has begun (readiness ends before the first cleanup); cleared when the run
    /// that began it returns.
    pub shutting_down: bool,
    /// A supervised run gave up on the orchestrator (its restart budget was spent).
    pub gave_up: bool,
    /// One entry per component, in initialization order.
    pub components: Vec<LiveComponent>,
    /// The last failure of a lifecycle call.
    pub last_failure: Option<LastFailure>,
    /// `Some` once the orchestrator itself no longer exists (dropped, or dropped while a panic
    /// unwound through it, such as an aborted or panicked task running it): nothing is ready or
    /// live any more, whatever its last state was.
    pub gone: Option<Gone>,
}

/// How the orchestrator behind a [`StatusHandle`] went away: its value was dropped. Its
/// components were dropped with it, and cleaned up only if it was not `Ready` then or it
/// cleans up on drop (`#[orchestrator(cleanup_on_drop)]`).
///
/// ```
/// use orchestrator::{Gone, State};
/// let gone = Gone::Dropped { state: State::Ready };
/// assert_eq!(gone.state(), State::Ready);
/// assert_eq!(gone.to_string(), "dropped while Ready");
/// ```
///
/// With the `serde` feature it implements `Serialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Gone {
    /// Dropped: it went out of scope, or the task that owned it was aborted.
    Dropped {
        /// Its state when it was dropped.
        state: State,
    },
    /// Dropped while a panic unwound: the thread or task that owned it panicked.
    Panicked {
        /// Its state when it was dropped.
        state: State,
    },
}

impl Gone {
    /// The orchestrator's state when it was dropped.
    #[must_use]
    pub fn state(self) -> State {
        match self {
            Gone::Dropped { state } | Gone::Panicked { state } => state,
        }
    }
}

impl fmt::Display for Gone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gone::Dropped { state } => write!(f, "dropped while {state}"),
            Gone::Panicked { state } => write!(f, "dropped by a panic while {state}"),
        }
    }
}

/// One component in a [`LiveStatus`].
///
/// With the `serde` feature it implements `Serialize`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LiveComponent {
    /// The component's name.
    pub name: &'static str,
    /// Its state.
    pub state: State,
    /// Its health at the last check (a supervised run's health check, or a `status()` call);
    /// [`Health::Unknown`] while it is not `Ready`, and from its init (or restart) to the next
    /// check. Readiness does not wait for a check: a component is ready once initialized.
    pub health: Health,
    /// How many times it was restarted.
    pub restarts: u32,
}

impl LiveStatus {
    /// The component `name`: a generated key (`ShopComponent::Db`) or a name as a string;
    /// `None` for a name that is no component.
    #[must_use]
    pub fn component(&self, name: impl ComponentName) -> Option<&LiveComponent> {
        let name = name.component_name();
        self.components.iter().find(|c| c.name == name)
    }
}

impl StatusHandle {
    /// A handle that no orchestrator writes to: it shows `names` as `Created` forever. What
    /// an orchestrator implemented by hand returns by default.
    #[must_use]
    pub fn detached(name: &'static str, components: &[&'static str]) -> Self {
        let components = components
            .iter()
            .map(|&name| LiveComponent { name, state: State::Created, health: Health::Unknown, restarts: 0 })
            .collect();
        let live = LiveStatus {
            name,
            state: State::Created,
            ready: false,
            live: true,
            backing_off: false,
            restarting: false,
            shutting_down: false,
            gave_up: false,
            components,
            last_failure: None,
            gone: None,
        };
        let not_ready = live.components.len();
        Self { shared: Arc::new(Mutex::new(View { live, not_ready, version: 0, waiting: Vec::new() })) }
    }

    /// What the orchestrator looks like now.
    #[must_use]
    pub fn snapshot(&self) -> LiveStatus {
        self.lock().live.clone()
    }

    /// Readiness now (see [`LiveStatus::ready`]).
    #[must_use]
    pub fn is_ready(&self) -> bool {
        self.lock().live.ready
    }

    /// Liveness now (see [`LiveStatus::live`]).
    #[must_use]
    pub fn is_live(&self) -> bool {
        self.lock().live.live
    }

    /// Waits for the next change of the view and returns the view after it. Runtime-agnostic
    /// (no timer, no particular executor).
    ///
    /// ```
    /// # #[cfg(feature = "tokio")] {
    /// use orchestrator::StatusHandle;
    /// async fn log_changes(handle: StatusHandle) {
    ///     loop {
    ///         let now = handle.changed().await;
    ///         println!("{}: {:?}, ready: {}", now.name, now.state, now.ready);
    ///         if now.gone.is_some() {
    ///             break;
    ///         }
    ///     }
    /// }
    /// # }
    /// ```
    pub fn changed(&self) -> impl Future<Output = LiveStatus> + Send + '_ {
        let seen = self.lock().version;
        Changed { handle: self, seen }
    }

    /// Waits until `until` holds for the view (at once if it holds now) and returns that view.
    pub async fn wait_for(&self, mut until: impl FnMut(&LiveStatus) -> bool) -> LiveStatus {
        loop {
            let (now, seen) = {
                let view = self.lock();
                (view.live.clone(), view.version)
            };
            if until(&now) {
                return now;
            }
            Changed { handle: self, seen }.await;
        }
    }

    /// Waits until the orchestrator is ready ([`LiveStatus::ready`]) and returns the view.
    ///
    /// # Errors
    /// The view, once the orchestrator cannot become ready without a new start: it is gone,
    /// its supervision gave up, or it is `Failed` or `Stopped`.
    pub async fn ready(&self) -> Result<LiveStatus, LiveStatus> {
        let now = self.wait_for(|now| now.ready || Self::ended(now)).await;
        if now.ready { Ok(now) } else { Err(now) }
    }

    /// Waits until the orchestrator no longer runs: it is `Stopped` or `Failed` (and not in a
    /// supervised run's shutdown any more), or gone; returns the view.
    pub async fn stopped(&self) -> LiveStatus {
        self.wait_for(|now| (Self::ended(now) && !now.shutting_down) || now.gone.is_some()).await
    }

    fn ended(now: &LiveStatus) -> bool {
        now.gone.is_some() || now.gave_up || matches!(now.state, State::Failed | State::Stopped)
    }

    /// The view, locked (a poisoned lock still holds a consistent view: every write is a
    /// plain assignment).
    fn lock(&self) -> MutexGuard<'_, View> {
        self.shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Changes the view, except the components' states (see [`rows`](Self::rows) and
    /// [`row`](Self::row)), and wakes what waits for a change.
    pub(crate) fn update(&self, change: impl FnOnce(&mut LiveStatus)) {
        let mut view = self.lock();
        change(&mut view.live);
        Self::changed_now(view);
    }

    /// Changes the view, the components' states included: counts the rows again (a lifecycle
    /// call's start and end, not each step).
    pub(crate) fn rows(&self, change: impl FnOnce(&mut LiveStatus)) {
        let mut view = self.lock();
        change(&mut view.live);
        view.not_ready = view.live.components.iter().filter(|c| c.state != State::Ready).count();
        Self::changed_now(view);
    }

    /// Sets component `index`'s state and restarts (one step): O(1), whatever the number of
    /// components. A component that is not `Ready` has an unknown health.
    pub(crate) fn row(&self, index: usize, state: State, restarts: u32) {
        let mut view = self.lock();
        let Some(component) = view.live.components.get_mut(index) else { return };
        let was_ready = component.state == State::Ready;
        component.state = state;
        component.restarts = restarts;
        if state != State::Ready {
            component.health = Health::Unknown;
        }
        match (was_ready, state == State::Ready) {
            (true, false) => view.not_ready += 1,
            (false, true) => view.not_ready -= 1,
            _ => {}
        }
        Self::changed_now(view);
    }

    /// The view changed: derives readiness and liveness, counts the change and wakes what
    /// waits for one (after the lock is released).
    fn changed_now(mut view: MutexGuard<'_, View>) {
        view.refresh();
        view.version = view.version.wrapping_add(1);
        if view.waiting.is_empty() {
            return;
        }
        let waiting = core::mem::take(&mut view.waiting);
        drop(view);
        for waker in waiting {
            waker.wake();
        }
    }

    #[cfg(feature = "tokio")]
    /// Raises `flag` for as long as the returned guard lives: the flag goes with the call that
    /// raised it however that call ends (it returns, is dropped at an `.await`, or unwinds).
    pub(crate) fn raise(&self, flag: Flag) -> Raised {
        self.update(|live| *flag.of(live) = true);
        Raised { handle: self.clone(), flag }
    }

    /// The orchestrator is dropped (`panicking`: while a panic unwinds).
    pub(crate) fn gone(&self, panicking: bool) {
        self.update(|live| {
            let state = live.state;
            live.gone = Some(if panicking { Gone::Panicked { state } } else { Gone::Dropped { state } });
            for component in &mut live.components {
                component.health = Health::Unknown;
            }
        });
    }

    /// Records health check results (`None`: not asked).
    pub(crate) fn record_health(&self, health: impl Iterator<Item = Health>) {
        self.update(|live| {
            for (component, health) in live.components.iter_mut().zip(health) {
                component.health = health;
            }
        });
    }
}

/// A flag of the live view that a supervised run raises while something lasts.
#[cfg(feature = "tokio")]
#[derive(Debug, Clone, Copy)]
pub(crate) enum Flag {
    /// Waiting before a restart.
    BackingOff,
    /// From the decision to restart to the restart's end.
    Restarting,
    /// From the beginning of a shutdown to the end of its run.
    ShuttingDown,
}

#[cfg(feature = "tokio")]
impl Flag {
    fn of(self, live: &mut LiveStatus) -> &mut bool {
        match self {
            Flag::BackingOff => &mut live.backing_off,
            Flag::Restarting => &mut live.restarting,
            Flag::ShuttingDown => &mut live.shutting_down,
        }
    }
}

/// A raised [`Flag`], lowered when dropped.
#[cfg(feature = "tokio")]
pub(crate) struct Raised {
    handle: StatusHandle,
    flag: Flag,
}

#[cfg(feature = "tokio")]
impl Drop for Raised {
    fn drop(&mut self) {
        let flag = self.flag;
        self.handle.update(|live| *flag.of(live) = false);
    }
}

impl fmt::Debug for StatusHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StatusHandle").field(&self.lock().live).finish()
    }
}

/// [`StatusHandle::changed`].
struct Changed<'a> {
    handle: &'a StatusHandle,
    seen: u64,
}

impl Future for Changed<'_> {
    type Output = LiveStatus;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<LiveStatus> {
        let mut view = self.handle.lock();
        if view.version != self.seen {
            return Poll::Ready(view.live.clone());
        }
        if !view.waiting.iter().any(|waker| waker.will_wake(cx.waker())) {
            view.waiting.push(cx.waker().clone());
        }
        Poll::Pending
    }
}
