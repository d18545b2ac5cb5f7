//! The supervised run ([`Supervise::run`] and
//! [`serve`](Supervise::serve)): it starts the orchestrator, then serves
//! calls from its clients and events from its components, interleaved with supervision (health
//! checks at an interval, faults reported by components, restarts by policy with backoff and a
//! restart intensity), until the shutdown: readiness off, the drain delay (calls still served),
//! then new and queued calls refused, the calls already running finished, and the cleanup, all
//! within the shutdown deadline.
//!
//! The orchestrator is borrowed by this one task for the whole run, and each message runs on it
//! in turn: an immediate call (a sync method) at once, an exclusive one (an `async fn` taking
//! `&mut self`) alone, shared ones (`async fn` taking `&self`) together, in a *shared phase*
//! that ends, once its calls are done, when something needs the orchestrator alone (an
//! exclusive call, a restart, the cleanup). While something waits for it, no new message is
//! taken from the queue.

use core::future::{Future, poll_fn};
use core::pin::{Pin, pin};
use core::task::{Context, Poll, Waker};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::Wake;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{Instant, Sleep, sleep, sleep_until};

use super::client::{
    Control, ExclusiveCall, ImmediateCall, Inbox, Message, Pending, RestartRequest, SharedAccess, SharedCall,
};
use super::orchestrator::AsyncOrchestrator;
use super::policy::RestartPolicy;
use super::supervise::{Budget, Exit, First, RunError, RunReport, Supervision, jitter_unit, race};
use super::timeout::TimedOut;
use crate::live::{Flag, Raised};
use crate::panic::drop_caught;
use crate::{CallError, CleanupError, ComponentError, Health, RestartError, State, Status, StatusHandle};

/// The capacity of the queue a run makes for its components' events when it is given no inbox.
const EVENTS_ONLY_CAPACITY: usize = 64;

/// Runs an async orchestrator as a service (the `tokio` feature): `run` is available on every
/// [`AsyncOrchestrator`] (the prelude brings this trait into scope).
///
/// ```no_run
/// use orchestrator::{AsyncOrchestrator, RunError, Supervise, Supervision, shutdown_signal};
///
/// async fn serve<S: AsyncOrchestrator + Send>(service: &mut S) -> Result<(), RunError> {
///     let report = service.run(shutdown_signal(), &Supervision::new()).await?;
///     println!("{report}");
///     Ok(())
/// }
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub trait Supervise: AsyncOrchestrator {
    /// Runs the orchestrator as a service: initializes it, checks its components' health every
    /// interval and restarts an unhealthy one (or one whose health check panics) under the
    /// [`Supervision`]'s policy, backoff and restart intensity, until `shutdown` resolves (for
    /// example [`shutdown_signal`](crate::shutdown_signal): Ctrl-C or SIGTERM); then turns
    /// readiness off, waits the drain delay and cleans up within the shutdown deadline.
    ///
    /// The [`status_handle`](AsyncOrchestrator::status_handle) follows it all: ready while `Ready` and not
    /// restarting, backing off or shutting down; live unless supervision gave up.
    ///
    /// Past the restart budget (more than `max_restarts` within the window), or when a
    /// component cannot be initialized again, supervision gives up, and the run ends as a
    /// shutdown does: readiness and liveness off, the drain delay, then the cleanup within the
    /// shutdown deadline (a cleanup still running then is reported `TimedOut`); it returns
    /// [`RunError::GaveUp`](RunError::GaveUp) with that report. A shutdown during a restart
    /// abandons the restart; the cleanup then releases each component once, and a component
    /// the restart had released already ends [`Exit::NotRunning`]. The future may itself be
    /// dropped at any `.await` (see [Cancellation](AsyncOrchestrator#cancellation)).
    ///
    /// A component's health in the live status is [`Health::Unknown`] from its init to the
    /// first check (the first interval after the start, or after its restart); readiness does
    /// not wait for that check.
    ///
    /// Supervision restarts components inside this process; it is not a process manager or a
    /// cluster. Needs the `tokio` feature (its timers, inside a tokio runtime).
    ///
    /// # Errors
    /// [`RunError`](RunError): refused settings (nothing started), a failed start (rolled
    /// back), supervision giving up, or a shutdown in which some component did not stop cleanly
    /// (the report says which, and whether it timed out, failed or panicked).
    fn run(
        &mut self,
        shutdown: impl Future<Output = ()> + Send,
        supervision: &Supervision,
    ) -> impl Future<Output = Result<RunReport, RunError>> + Send
    where
        Self: Send + Sized,
    {
        serve(self, None, shutdown, supervision)
    }

    /// [`run`](Self::run), serving the calls of the [`Client`](crate::Client)s whose
    /// [`Inbox`](crate::Inbox) this is, between supervision's steps: the orchestrator
    /// *coordinates while it runs*. Calls wait in the queue until the orchestrator is `Ready`,
    /// and during a restart; once `shutdown` resolves (or a client asks for the shutdown)
    /// readiness is off, calls are still served during the drain delay, then new and queued
    /// calls are refused ([`CallError::ShuttingDown`](crate::CallError::ShuttingDown)), the
    /// calls already running finish and the components are cleaned up, together within the
    /// shutdown deadline. Components that raise events (`#[component(emits(..))]`) are
    /// connected before the start; a [`Fault`](crate::Fault) one reports is acted on at once,
    /// like an unhealthy health check.
    ///
    /// ```no_run
    /// use orchestrator::{AsyncOrchestrator, Client, RunError, Supervise, Supervision, shutdown_signal};
    ///
    /// async fn serve<S: AsyncOrchestrator + Send + 'static>(mut service: S) -> Result<(), RunError> {
    ///     let (client, inbox) = Client::<S>::channel(1024);
    ///     // give `client` (cheap to clone) to the tasks that call the orchestrator's methods
    ///     # drop(client);
    ///     let report = service.serve(inbox, shutdown_signal(), &Supervision::new()).await?;
    ///     println!("{report}");
    ///     Ok(())
    /// }
    /// ```
    ///
    /// # Errors
    /// As [`run`](Self::run).
    fn serve(
        &mut self,
        inbox: crate::Inbox<Self>,
        shutdown: impl Future<Output = ()> + Send,
        supervision: &Supervision,
    ) -> impl Future<Output = Result<RunReport, RunError>> + Send
    where
        Self: Send + Sized,
    {
        serve(self, Some(inbox), shutdown, supervision)
    }
}

impl<T: AsyncOrchestrator + ?Sized> Supervise for T {}

/// [`Supervise::run`] (no `inbox`) and
/// [`Supervise::serve`].
pub(crate) async fn serve<T: AsyncOrchestrator>(
    this: &mut T,
    inbox: Option<Inbox<T>>,
    shutdown: impl Future<Output = ()>,
    supervision: &Supervision,
) -> Result<RunReport, RunError> {
    supervision.check(T::NAME, T::COMPONENTS).map_err(RunError::Supervision)?;
    let handle = this.status_handle();
    handle.update(|live| live.gave_up = false);
    // a run without clients still needs a queue when its components raise events
    let inbox = inbox.or_else(|| T::__EMITS.then(|| crate::Client::<T>::channel(EVENTS_ONLY_CAPACITY).1));
    if let Some(inbox) = &inbox {
        inbox.control.forget_faults(|_| true);
        this.__connect(&inbox.link());
    }
    let mut server = Server {
        control: inbox.as_ref().map(|inbox| inbox.control.clone()),
        inbox,
        shutdown: pin!(shutdown),
        shutdown_done: false,
        woken: None,
        supervision,
        handle,
        budget: Budget::new(T::COMPONENTS.len()),
        tick: pin!(sleep(supervision.interval)),
        backoff: None,
        restarting: None,
        stopping: None,
        signal_waker: Waker::noop().clone(),
        signal: Arc::default(),
        parent: None,
        due: true,
    };
    server.signal_waker = Waker::from(server.signal.clone());

    match race(this.initialize(), poll_fn(|cx| server.poll_stop_asked(cx))).await {
        First::Left(Ok(())) => {}
        First::Left(Err(error)) => return Err(RunError::Start(error)),
        First::Right(()) => return server.finish(this).await,
    }
    server.tick.as_mut().reset(Instant::now() + supervision.interval);
    server.due = true;
    let mut next = None;
    loop {
        let now = match next.take() {
            Some(now) => now,
            None => server.phase(Access::Alone(&mut *this)).await,
        };
        match now {
            Next::Shared(call) => {
                let (first, access) = call.start(&*this);
                next = Some(server.phase(Access::Shared { access, running: vec![first] }).await);
            }
            Next::Immediate(call) => call.run(this),
            Next::Exclusive(call) => server.exclusive(call.start(&mut *this)).await,
            Next::Restart => match server.restart(this).await {
                Restarted::Done => {}
                Restarted::Abandoned => return server.finish(this).await,
                Restarted::Failed(ending) => return Err(server.give_up(this, ending).await),
            },
            Next::Manual(request) => {
                let RestartRequest { component, policy, reply } = *request;
                match server.manual_restart(this, &component, policy, reply).await {
                    Restarted::Done => {}
                    Restarted::Abandoned => return server.finish(this).await,
                    Restarted::Failed(ending) => return Err(server.give_up(this, ending).await),
                }
            }
            Next::GiveUp(ending) => return Err(server.give_up(this, *ending).await),
            Next::Stop => return server.finish(this).await,
        }
    }
}

/// What the run does next, once the orchestrator is free for it.
enum Next<T: ?Sized> {
    /// The first shared call of a shared phase.
    Shared(Box<dyn SharedCall<T>>),
    /// A sync `&mut self` method that arrived during a shared phase.
    Immediate(Box<dyn ImmediateCall<T>>),
    /// An exclusive call.
    Exclusive(Box<dyn ExclusiveCall<T>>),
    /// The backoff is over: restart its component.
    Restart,
    /// A client asked for a restart.
    Manual(Box<RestartRequest>),
    /// Supervision gives up (boxed: what the run does next stays small to move).
    GiveUp(Box<GiveUp>),
    /// The shutdown's drain is over and its calls are done: clean up.
    Stop,
}

impl<T: ?Sized> Next<T> {
    /// Answers a call it holds without running it (the shutdown closed the queue).
    fn refuse(self, error: &CallError) -> Option<Self> {
        match self {
            Next::Shared(call) => Message::Shared(call).refuse(error),
            Next::Immediate(call) => Message::Immediate(call).refuse(error),
            Next::Exclusive(call) => Message::Exclusive(call).refuse(error),
            Next::Manual(_) => {}
            other => return Some(other),
        }
        None
    }
}

/// How the orchestrator is held during a phase.
enum Access<'a, 'o, T: ?Sized + 'o> {
    /// Alone: immediate calls run on it directly.
    Alone(&'a mut T),
    /// Shared by the shared calls `running`.
    Shared { access: SharedAccess<'o, T>, running: Vec<Pending<'o>> },
}

impl<T: AsyncOrchestrator + ?Sized> Access<'_, '_, T> {
    fn status(&self) -> Status {
        match self {
            Access::Alone(this) => this.status(),
            Access::Shared { access, .. } => access.get().status(),
        }
    }

    fn idle(&self) -> bool {
        match self {
            Access::Alone(_) => true,
            Access::Shared { running, .. } => running.is_empty(),
        }
    }
}

/// Why supervision gives up: the component, its restarts within the window, its last health
/// report, and the failed re-initialization when that is why.
pub(crate) struct GiveUp {
    component: &'static str,
    restarts: u32,
    health: Health,
    restart: Option<RestartError>,
    /// A failed manual restart's error went to its caller: the rollback's errors, kept for the
    /// report.
    rollback: Rollback,
}

/// The rollback errors of a failed restart.
#[derive(Default)]
struct Rollback(Vec<(&'static str, ComponentError)>);

impl Rollback {
    fn of(error: &RestartError) -> Self {
        match error {
            RestartError::Init(error) => {
                Self(error.rollback_errors().iter().map(|f| (f.component, f.error.duplicate())).collect())
            }
            _ => Self::default(),
        }
    }
}

/// How a restart ended.
enum Restarted {
    Done,
    /// A shutdown cut it short: the run goes to its cleanup.
    Abandoned,
    Failed(GiveUp),
}

/// A restart decided, waiting for its backoff.
struct Waiting {
    index: usize,
    component: &'static str,
    health: Health,
    delay: Duration,
    /// `None` when the delay is zero (no timer: tokio's has a millisecond's granularity).
    timer: Option<Pin<Box<Sleep>>>,
    /// Its timer has not been polled yet.
    new: bool,
    /// The delay is over.
    over: bool,
    _backing_off: Raised,
}

/// A shutdown under way.
struct Stopping {
    /// Calls are served until then.
    drain_until: Instant,
    /// The end of the shutdown deadline (running calls, then the cleanup); `None`: none.
    deadline: Option<Instant>,
    /// The queue is closed and what it held was refused.
    closed: bool,
    /// At `drain_until`, then at `deadline`.
    timer: Pin<Box<Sleep>>,
    _shutting_down: Raised,
}

struct Server<'s, T: ?Sized, S> {
    inbox: Option<Inbox<T>>,
    control: Option<Arc<Control>>,
    shutdown: Pin<&'s mut S>,
    shutdown_done: bool,
    /// Wakes the task when a client asks for the shutdown or a component reports a fault.
    woken: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
    supervision: &'s Supervision,
    handle: StatusHandle,
    budget: Budget,
    tick: Pin<&'s mut Sleep>,
    backoff: Option<Waiting>,
    restarting: Option<Raised>,
    stopping: Option<Stopping>,
    /// Notes the wake-ups of the sources of supervision.
    signal: Arc<Signal>,
    /// The waker of `signal`, the context the sources are polled with.
    signal_waker: Waker,
    /// The task's waker the signal wakes, as last registered.
    parent: Option<Waker>,
    /// The sources must be polled at the next look, woken or not (a timer was set).
    due: bool,
}

/// The waker of the sources of supervision: notes that one woke, then wakes the task.
#[derive(Default)]
struct Signal {
    woken: AtomicBool,
    parent: Mutex<Option<Waker>>,
}

impl Signal {
    fn set_parent(&self, waker: Waker) {
        *self.parent.lock().unwrap_or_else(PoisonError::into_inner) = Some(waker);
    }

    /// Whether a source woke since the last call.
    fn take(&self) -> bool {
        self.woken.swap(false, Ordering::AcqRel)
    }
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        if let Some(parent) = &*self.parent.lock().unwrap_or_else(PoisonError::into_inner) {
            parent.wake_by_ref();
        }
    }
}

impl<T: AsyncOrchestrator, S: Future<Output = ()>> Server<'_, T, S> {
    /// Whether a source of supervision (the shutdown future, a client's request, a fault, a
    /// timer) may have changed since they were last polled: they are polled with the signal's
    /// waker, which notes their wake-ups, so that the many wake-ups that are only messages cost
    /// nothing here. Registers `cx`'s waker as the one the signal wakes.
    fn signalled(&mut self, cx: &Context<'_>) -> bool {
        if !self.parent.as_ref().is_some_and(|parent| parent.will_wake(cx.waker())) {
            let waker = cx.waker().clone();
            self.signal.set_parent(waker.clone());
            self.parent = Some(waker);
            self.due = true;
        }
        self.signal.take() | core::mem::take(&mut self.due)
    }

    /// Ready once a shutdown was asked for (by the shutdown future or a client); begins it.
    fn poll_stop_asked(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if self.stopping.is_none() && self.signalled(cx) {
            let waker = self.signal_waker.clone();
            self.poll_shutdown(&mut Context::from_waker(&waker));
            // the other sources are polled at the next look of supervision
            self.due = true;
        }
        if self.stopping.is_some() { Poll::Ready(()) } else { Poll::Pending }
    }

    /// Polls the shutdown's sources (with the signal's context `scx`); begins the shutdown
    /// when one asks for it.
    fn poll_shutdown(&mut self, scx: &mut Context<'_>) {
        if self.stopping.is_some() {
            return;
        }
        let mut asked = false;
        if !self.shutdown_done && self.shutdown.as_mut().poll(scx).is_ready() {
            self.shutdown_done = true;
            asked = true;
        }
        if let Some(control) = &self.control {
            // armed before the check, so that a request between the two wakes the task
            loop {
                let woken = self.woken.get_or_insert_with(|| {
                    let control = control.clone();
                    Box::pin(async move { control.woken().await })
                });
                if woken.as_mut().poll(scx).is_pending() {
                    break;
                }
                self.woken = None;
            }
            asked |= control.shutdown_asked();
        }
        if asked {
            self.begin_stop();
        }
    }

    /// The shutdown begins: readiness off, a restart waiting for its backoff abandoned, the
    /// drain delay and the deadline set.
    fn begin_stop(&mut self) {
        if self.stopping.is_some() {
            return;
        }
        self.backoff = None;
        self.restarting = None;
        let now = Instant::now();
        let drain_until = now.checked_add(self.supervision.drain).unwrap_or(now);
        let deadline = self.supervision.shutdown_timeout.and_then(|timeout| drain_until.checked_add(timeout));
        self.stopping = Some(Stopping {
            drain_until,
            deadline,
            closed: false,
            timer: Box::pin(sleep_until(drain_until)),
            _shutting_down: self.handle.raise(Flag::ShuttingDown),
        });
    }

    /// Closes the queue: new calls and the calls still queued are refused.
    fn close(&mut self) {
        let Some(stopping) = &mut self.stopping else { return };
        if stopping.closed {
            return;
        }
        stopping.closed = true;
        if let Some(deadline) = stopping.deadline {
            stopping.timer.as_mut().reset(deadline);
        }
        if let Some(inbox) = &mut self.inbox {
            inbox.control.close();
            inbox.receiver.close();
            let refused = CallError::ShuttingDown { orchestrator: T::NAME };
            while let Ok(message) = inbox.receiver.try_recv() {
                message.refuse(&refused);
            }
        }
    }

    /// Whether the shutdown deadline has passed (its timer wakes the signal).
    fn past_deadline(&mut self) -> bool {
        let waker = self.signal_waker.clone();
        match &mut self.stopping {
            Some(stopping) if stopping.closed && stopping.deadline.is_some() => {
                stopping.timer.as_mut().poll(&mut Context::from_waker(&waker)).is_ready()
            }
            _ => false,
        }
    }

    /// Supervision and the shutdown, for a phase: `status` is the orchestrator's status when
    /// it can be read (not while an exclusive call holds it). Returns what the run must do
    /// next, if anything.
    fn poll_supervision(&mut self, cx: &mut Context<'_>, status: Option<&dyn Fn() -> Status>) -> Option<Next<T>> {
        if !self.signalled(cx) {
            // no source woke: only what was decided before
            if let Some(stopping) = &self.stopping {
                return stopping.closed.then_some(Next::Stop);
            }
            return self.backoff.as_ref().is_some_and(|waiting| waiting.over).then_some(Next::Restart);
        }
        let fresh = true;
        let waker = self.signal_waker.clone();
        let scx = &mut Context::from_waker(&waker);
        self.poll_shutdown(scx);
        if let Some(stopping) = &mut self.stopping {
            // a drain that is already over (a zero drain, the default) closes at once: tokio's
            // timer would fire only at its next millisecond
            if !stopping.closed
                && (Instant::now() >= stopping.drain_until
                    || ((fresh || stopping.timer.is_elapsed()) && stopping.timer.as_mut().poll(scx).is_ready()))
            {
                self.close();
                // the deadline's timer, armed
                if let Some(stopping) = &mut self.stopping {
                    let _ = stopping.timer.as_mut().poll(scx);
                }
            }
            let closed = self.stopping.as_ref().is_some_and(|s| s.closed);
            return closed.then_some(Next::Stop);
        }
        if fresh && let Some(status) = status {
            let faults = self.control.as_ref().map(|control| control.take_faults()).unwrap_or_default();
            if !faults.is_empty() {
                let now = status();
                for (index, fault) in faults {
                    let running = now.components.get(index).is_some_and(|c| c.state == State::Ready);
                    if running && let Some(give_up) = self.decide(index, Health::Unhealthy(fault.reason().to_owned())) {
                        return Some(Next::GiveUp(Box::new(give_up)));
                    }
                }
            }
        }
        if fresh && self.tick.as_mut().poll(scx).is_ready() {
            self.tick.as_mut().reset(Instant::now() + self.supervision.interval);
            let _ = self.tick.as_mut().poll(scx);
            if let (Some(status), None) = (status, &self.backoff) {
                let now = status();
                let unhealthy = now
                    .components
                    .iter()
                    .enumerate()
                    .find(|(_, c)| c.state == State::Ready && matches!(c.health, Health::Unhealthy(_)));
                if let Some((index, row)) = unhealthy
                    && let Some(give_up) = self.decide(index, row.health.clone())
                {
                    return Some(Next::GiveUp(Box::new(give_up)));
                }
            }
        }
        let waiting = self.backoff.as_mut()?;
        if !waiting.over && (fresh || waiting.new) {
            waiting.new = false;
            waiting.over = waiting.timer.as_mut().is_none_or(|timer| timer.as_mut().poll(scx).is_ready());
        }
        waiting.over.then_some(Next::Restart)
    }

    /// Supervision decides to restart component `index` (unhealthy, or it reported a fault):
    /// readiness off from now until the restart is done; past the restart intensity, gives up;
    /// else waits its backoff.
    fn decide(&mut self, index: usize, health: Health) -> Option<GiveUp> {
        if self.backoff.is_some() || self.stopping.is_some() {
            return None;
        }
        let component = T::COMPONENTS.get(index).copied().unwrap_or("?");
        self.restarting = Some(self.handle.raise(Flag::Restarting));
        let now = Instant::now();
        if !self.budget.take(now, self.supervision) {
            let restarts = self.budget.recent();
            return Some(GiveUp { component, restarts, health, restart: None, rollback: Rollback::default() });
        }
        let backoff = &self.supervision.backoff;
        let delay = backoff.delay(self.budget.attempt(index, now, backoff), jitter_unit());
        let timer = (!delay.is_zero()).then(|| Box::pin(sleep(delay)));
        let backing_off = self.handle.raise(Flag::BackingOff);
        let over = timer.is_none();
        self.backoff =
            Some(Waiting { index, component, health, delay, timer, new: true, over, _backing_off: backing_off });
        None
    }

    /// One phase: serves messages until the orchestrator is needed alone (or, shared, until
    /// the shared calls running are done).
    async fn phase<'o>(&mut self, mut access: Access<'_, 'o, T>) -> Next<T>
    where
        T: 'o,
    {
        let mut want: Option<Next<T>> = None;
        poll_fn(|cx| {
            // each running call once a wake-up (a call started below is polled as it starts),
            // and supervision once a wake-up: not once a message
            if let Access::Shared { running, .. } = &mut access {
                running.retain_mut(|call| call.as_mut().poll(cx).is_pending());
            }
            let mut supervised = false;
            loop {
                if !supervised && !matches!(want, Some(Next::Stop | Next::GiveUp(_))) {
                    supervised = true;
                    let readable = &access;
                    let status = || readable.status();
                    match (self.poll_supervision(cx, Some(&status)), want.take()) {
                        (next, None) => want = next,
                        // the shutdown, or giving up, goes first: a call taken from the queue
                        // but not started is refused
                        (Some(next @ (Next::Stop | Next::GiveUp(_))), Some(earlier)) => {
                            let refused = CallError::ShuttingDown { orchestrator: T::NAME };
                            drop(earlier.refuse(&refused));
                            want = Some(next);
                        }
                        // anything else waits for what was there first (a backoff that is over
                        // says so again)
                        (_, Some(earlier)) => want = Some(earlier),
                    }
                }
                if let Some(next) = want.take() {
                    if access.idle() {
                        return Poll::Ready(next);
                    }
                    if let Access::Shared { running, .. } = &mut access {
                        // the calls started since this wake-up began
                        running.retain_mut(|call| call.as_mut().poll(cx).is_pending());
                        if running.is_empty() {
                            return Poll::Ready(next);
                        }
                    }
                    if matches!(next, Next::Stop) && self.past_deadline() {
                        // the calls still running are cancelled: dropped, each answers `Cancelled`
                        if let Access::Shared { running, .. } = &mut access {
                            running.drain(..).for_each(drop_caught);
                        }
                        return Poll::Ready(next);
                    }
                    want = Some(next);
                    return Poll::Pending;
                }
                let Some(inbox) = &mut self.inbox else { return Poll::Pending };
                let message = match inbox.receiver.poll_recv(cx) {
                    Poll::Ready(Some(message)) => message,
                    Poll::Ready(None) | Poll::Pending => return Poll::Pending,
                };
                match message {
                    Message::Immediate(call) if call.is_wanted() => match &mut access {
                        Access::Alone(this) => call.run(this),
                        Access::Shared { .. } => want = Some(Next::Immediate(call)),
                    },
                    Message::ImmediateShared(call) if call.is_wanted() => match &access {
                        Access::Alone(this) => call.run(this),
                        Access::Shared { access, .. } => call.run(access.get()),
                    },
                    Message::Exclusive(call) if call.is_wanted() => want = Some(Next::Exclusive(call)),
                    Message::Shared(call) if call.is_wanted() => match &mut access {
                        Access::Alone(_) => want = Some(Next::Shared(call)),
                        Access::Shared { access, running } => {
                            let mut started = call.start_with(access);
                            if started.as_mut().poll(cx).is_pending() {
                                running.push(started);
                            }
                        }
                    },
                    Message::Restart(request) => want = Some(Next::Manual(request)),
                    // its caller gave up before it started: it never runs
                    Message::Immediate(_)
                    | Message::ImmediateShared(_)
                    | Message::Exclusive(_)
                    | Message::Shared(_) => {}
                }
            }
        })
        .await
    }

    /// Runs an exclusive call to its end, or to the shutdown deadline; meanwhile the shutdown
    /// is watched (health checks and faults wait for the orchestrator).
    async fn exclusive(&mut self, call: Pending<'_>) {
        let mut call = Some(call);
        poll_fn(|cx| {
            if let Some(running) = &mut call
                && running.as_mut().poll(cx).is_ready()
            {
                return Poll::Ready(());
            }
            let _ = self.poll_supervision(cx, None);
            if self.past_deadline() {
                drop_caught(call.take());
                return Poll::Ready(());
            }
            Poll::Pending
        })
        .await;
    }

    /// The restart the backoff waited for; a shutdown meanwhile abandons it.
    async fn restart(&mut self, this: &mut T) -> Restarted {
        let Some(waiting) = self.backoff.take() else { return Restarted::Done };
        let Waiting { index, component, health, delay, .. } = waiting;
        crate::trace::supervised_restart(T::NAME, component, &health, delay);
        self.budget.began();
        let policy = self.supervision.policy_of(component);
        let result = race(this.restart_with(component, policy), poll_fn(|cx| self.poll_stop_asked(cx))).await;
        match result {
            First::Left(Ok(()) | Err(RestartError::Cleanup(_))) => {
                self.restarted(index, policy);
                Restarted::Done
            }
            First::Left(Err(error)) => {
                let restarts = self.budget.recent();
                let rollback = Rollback::default();
                Restarted::Failed(GiveUp { component, restarts, health, restart: Some(error), rollback })
            }
            First::Right(()) => Restarted::Abandoned,
        }
    }

    /// A restart asked for by a client: its result goes to the client.
    async fn manual_restart(
        &mut self,
        this: &mut T,
        component: &str,
        policy: RestartPolicy,
        reply: oneshot::Sender<Result<(), RestartError>>,
    ) -> Restarted {
        let Some(index) = T::COMPONENTS.iter().position(|&c| c == component) else {
            let result = this.restart_with(component, policy).await;
            drop_caught(reply.send(result));
            return Restarted::Done;
        };
        self.backoff = None;
        self.restarting = Some(self.handle.raise(Flag::Restarting));
        self.budget.began();
        let result = race(this.restart_with(component, policy), poll_fn(|cx| self.poll_stop_asked(cx))).await;
        match result {
            First::Left(result @ (Ok(()) | Err(RestartError::Cleanup(_)))) => {
                self.restarted(index, policy);
                drop_caught(reply.send(result));
                Restarted::Done
            }
            First::Left(Err(error)) => {
                let rollback = Rollback::of(&error);
                let component = T::COMPONENTS[index];
                let restarts = self.budget.recent();
                drop_caught(reply.send(Err(error)));
                Restarted::Failed(GiveUp { component, restarts, health: Health::Unknown, restart: None, rollback })
            }
            First::Right(()) => Restarted::Abandoned,
        }
    }

    /// A restart of component `index` with `policy` is done: its stable time counts from now,
    /// faults reported meanwhile by the components it restarted are forgotten (they were about
    /// the instances it replaced), and readiness is back.
    fn restarted(&mut self, index: usize, policy: RestartPolicy) {
        let now = Instant::now();
        self.budget.running_again(index, now);
        // the next health check comes an interval after the restart
        self.tick.as_mut().reset(now + self.supervision.interval);
        self.due = true;
        if let Some(control) = &self.control {
            let set = restart_set::<T>(index, policy);
            control.forget_faults(|component| set.get(component).copied().unwrap_or(false));
        }
        self.restarting = None;
    }

    /// Supervision gives up: not live any more, the queue closed, everything cleaned up.
    /// The rollback errors of a failed re-initialization are part of the run's ending, so they
    /// show in the report.
    async fn give_up(&mut self, this: &mut T, ending: GiveUp) -> RunError {
        let GiveUp { component, restarts, health, restart, rollback } = ending;
        crate::trace::gave_up(T::NAME, component, restarts, self.supervision.window);
        self.handle.update(|live| live.gave_up = true);
        let mut earlier = rollback.0;
        if let Some(error) = &restart {
            earlier.extend(Rollback::of(error).0);
        }
        self.begin_stop();
        self.close();
        let report = self.shut_down(this, earlier).await;
        RunError::GaveUp { component, restarts, window: self.supervision.window, health, restart, report }
    }

    /// The end of a run that was asked to stop.
    async fn finish(&mut self, this: &mut T) -> Result<RunReport, RunError> {
        let report = self.shut_down(this, Vec::new()).await;
        if report.is_clean() { Ok(report) } else { Err(RunError::Stop(report)) }
    }

    /// The run's last step: the drain delay if it has not passed (nothing is served any more
    /// here), the queue closed, `cleanup()` within what is left of the shutdown deadline, and
    /// the report. `earlier` holds cleanup failures of the run's ending that came before (a
    /// failed rollback's).
    async fn shut_down(&mut self, this: &mut T, earlier: Vec<(&'static str, ComponentError)>) -> RunReport {
        self.begin_stop();
        let drain_until = self.stopping.as_ref().map(|s| s.drain_until);
        if let Some(until) = drain_until
            && Instant::now() < until
        {
            sleep_until(until).await;
        }
        self.close();
        let deadline = self.stopping.as_ref().and_then(|s| s.deadline);
        let limit = deadline.map(|at| at.saturating_duration_since(Instant::now()));
        // which components this cleanup has to release: the others end `NotRunning`
        let running: Vec<bool> = self.handle.snapshot().components.iter().map(|c| c.state.needs_cleanup()).collect();
        let failures = match this.cleanup_within(limit).await {
            Ok(()) => Vec::new(),
            Err(error) => CleanupError::into_errors(error).into_iter().map(|f| (f.component, f.error)).collect(),
        };
        report::<T>(&this.status(), &running, earlier.into_iter().chain(failures).collect(), self.budget.total)
    }
}

/// The report of a run's ending: each component's exit, its last failure if it had one;
/// `Stopped` for a component the final cleanup released (`running`), `NotRunning` for one it
/// found released already (never started, or released by a restart the shutdown cut short).
fn report<T: AsyncOrchestrator>(
    status: &Status,
    running: &[bool],
    failures: Vec<(&'static str, ComponentError)>,
    restarts: u32,
) -> RunReport {
    let mut failures: Vec<_> = failures.into_iter().map(Some).collect();
    let components = status
        .components
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let failure = failures.iter_mut().rev().find(|f| f.as_ref().is_some_and(|(name, _)| *name == row.name));
            let exit = match failure.and_then(Option::take) {
                Some((_, error)) => match error.downcast_ref::<TimedOut>() {
                    Some(timed_out) => Exit::TimedOut(*timed_out),
                    None if error.is_panic() => Exit::Panicked(error),
                    None => Exit::Failed(error),
                },
                None if row.state == State::Stopped && running.get(index).copied().unwrap_or(true) => Exit::Stopped,
                None => Exit::NotRunning,
            };
            (row.name, exit)
        })
        .collect();
    RunReport { orchestrator: T::NAME, components, restarts }
}

/// The components a restart of `index` with `policy` restarts, by the dependencies.
fn restart_set<T: AsyncOrchestrator>(index: usize, policy: RestartPolicy) -> Vec<bool> {
    let count = T::COMPONENTS.len();
    match policy {
        RestartPolicy::All => vec![true; count],
        RestartPolicy::Component => (0..count).map(|i| i == index).collect(),
        RestartPolicy::WithDependents => {
            let mut set: Vec<bool> = (0..count).map(|i| i == index).collect();
            // initialization order: a dependent comes after what it depends on
            for component in 0..count {
                let depends = T::DEPENDENCIES.get(component).is_some_and(|deps| deps.iter().any(|&d| set[d]));
                if depends {
                    set[component] = true;
                }
            }
            set
        }
    }
}
