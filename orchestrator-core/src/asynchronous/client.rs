//! Coordinating a running orchestrator: a [`Client`] sends calls to the task that runs it
//! ([`Supervise::serve`](crate::Supervise::serve)), its components raise typed events to it
//! ([`Events`], [`Emits`], [`Handles`]) and report their own failure ([`Fault`]).
//!
//! The shape is tokio's actor pattern and Erlang's `gen_server`: a bounded queue of messages
//! into the task that owns the orchestrator, and a one-shot reply per call. What a message can
//! be:
//!
//! - an *immediate* call: a sync coordination method; it runs at once on the orchestrator
//!   (`&self` and `&mut self` alike), between two steps of anything else the task does;
//! - an *exclusive* call: an `async fn` coordination method taking `&mut self`; nothing else
//!   runs on the orchestrator until it is done;
//! - a *shared* call: an `async fn` coordination method taking `&self`, on an orchestrator that
//!   is `Sync`; shared calls run concurrently with each other;
//! - a restart asked for by a client.
//!
//! Failures reported by components do not go through the queue (a full queue never delays or
//! loses one): they are recorded in the [`Control`] the task watches, which wakes it at once.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{Notify, mpsc, oneshot};

use super::component::BoxFuture;
use super::policy::RestartPolicy;
use crate::panic::{drop_caught, panic_error};
use crate::{ComponentError, ComponentOf, RestartError};

/// A future of the running orchestrator's task: a call or an event handler, started.
pub(crate) type Pending<'o> = BoxFuture<'o, ()>;

// ---------------------------------------------------------------------------------------------
// Errors

/// Why a call through a [`Client`] did not give the method's result.
///
/// ```
/// use orchestrator::CallError;
/// let err = CallError::ShuttingDown { orchestrator: "Jobs" };
/// assert_eq!(err.to_string(), "`Jobs` is shutting down: the call was not run");
/// assert!(!err.ran());
/// ```
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallError {
    /// No run serves the orchestrator: it was never started with this client's inbox, its run
    /// returned (or failed to start), or the orchestrator was dropped. The call did not run.
    NotRunning {
        /// The orchestrator's name.
        orchestrator: &'static str,
    },
    /// The orchestrator's shutdown had begun (past its drain delay): the call was refused and
    /// did not run.
    ShuttingDown {
        /// The orchestrator's name.
        orchestrator: &'static str,
    },
    /// The queue was full and the client does not wait ([`Client::no_wait`]): the call did not
    /// run.
    Full {
        /// The orchestrator's name.
        orchestrator: &'static str,
    },
    /// The coordination method panicked. The panic was caught: the orchestrator goes on
    /// running, and its lifecycle is untouched.
    Panicked {
        /// The orchestrator's name.
        orchestrator: &'static str,
        /// The method's name.
        method: &'static str,
        /// The panic's message.
        message: String,
    },
    /// The call had started when the shutdown deadline passed (or the run was dropped): it was
    /// stopped at an `.await`, and its result is lost.
    Cancelled {
        /// The orchestrator's name.
        orchestrator: &'static str,
        /// The method's name.
        method: &'static str,
    },
}

impl CallError {
    /// Whether the method ran (in part or to its end): `Panicked` and `Cancelled`. A call that
    /// did not run can be sent again safely.
    #[must_use]
    pub fn ran(&self) -> bool {
        matches!(self, CallError::Panicked { .. } | CallError::Cancelled { .. })
    }

    /// The orchestrator's name.
    #[must_use]
    pub fn orchestrator(&self) -> &'static str {
        match self {
            CallError::NotRunning { orchestrator }
            | CallError::ShuttingDown { orchestrator }
            | CallError::Full { orchestrator }
            | CallError::Panicked { orchestrator, .. }
            | CallError::Cancelled { orchestrator, .. } => orchestrator,
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::NotRunning { orchestrator } => {
                write!(f, "`{orchestrator}` is not running: the call was not run")
            }
            CallError::ShuttingDown { orchestrator } => {
                write!(f, "`{orchestrator}` is shutting down: the call was not run")
            }
            CallError::Full { orchestrator } => {
                write!(f, "the queue of `{orchestrator}` is full: the call was not run")
            }
            CallError::Panicked { orchestrator, method, message } => {
                write!(f, "`{orchestrator}::{method}` panicked: {message}")
            }
            CallError::Cancelled { orchestrator, method } => {
                write!(f, "`{orchestrator}::{method}` was cancelled by the shutdown deadline")
            }
        }
    }
}

impl std::error::Error for CallError {}

/// Why an event could not be delivered to the orchestrator.
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventError {
    /// No running orchestrator has connected these [`Events`] (it is not served by a
    /// `serve` run, or the run is over).
    NotConnected,
    /// The orchestrator's queue is full ([`Events::try_emit`] only; [`Events::emit`] waits).
    Full,
    /// The orchestrator's shutdown had begun: the event was refused.
    ShuttingDown,
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EventError::NotConnected => "no running orchestrator receives these events",
            EventError::Full => "the orchestrator's queue is full",
            EventError::ShuttingDown => "the orchestrator is shutting down",
        })
    }
}

impl std::error::Error for EventError {}

// ---------------------------------------------------------------------------------------------
// Messages

/// A call as the running orchestrator's task sees it, whatever its method and result.
pub(crate) trait Call: Send {
    /// Whether its caller still waits for it (a call whose caller is gone is not started).
    fn is_wanted(&self) -> bool;
    /// Answers it without running it.
    fn refuse(self: Box<Self>, error: CallError);
}

/// An immediate call: a sync method, run at once with the orchestrator borrowed mutably.
pub(crate) trait ImmediateCall<O: ?Sized>: Call {
    fn run(self: Box<Self>, this: &mut O);
}

/// An immediate call of a sync method taking `&self`: it can also run during a shared phase.
pub(crate) trait ImmediateSharedCall<O: ?Sized>: Call {
    fn run(self: Box<Self>, this: &O);
}

/// An exclusive call: an async method taking `&mut self`.
pub(crate) trait ExclusiveCall<O: ?Sized>: Call {
    fn start<'o>(self: Box<Self>, this: &'o mut O) -> Pending<'o>;
}

/// A shared call: an async method taking `&self`, on a `Sync` orchestrator. Starting the first
/// one of a phase also gives the [`SharedAccess`] that starts the others (built here, where
/// `O: Sync` is known, so that the task never holds a `&O` of its own).
pub(crate) trait SharedCall<O: ?Sized>: Call {
    fn start<'o>(self: Box<Self>, this: &'o O) -> (Pending<'o>, SharedAccess<'o, O>);
    fn start_with<'o>(self: Box<Self>, access: &SharedAccess<'o, O>) -> Pending<'o>
    where
        O: 'o;
}

/// Shared access to the orchestrator for the length of a phase of shared calls.
pub(crate) struct SharedAccess<'o, O: ?Sized + 'o> {
    this: Box<dyn SharedRef<'o, O> + 'o>,
}

impl<'o, O: ?Sized + 'o> SharedAccess<'o, O> {
    /// The orchestrator, shared.
    pub(crate) fn get(&self) -> &'o O {
        self.this.get()
    }
}

/// A `&'o O` that is `Send` (the orchestrator is `Sync`).
trait SharedRef<'o, O: ?Sized>: Send {
    fn get(&self) -> &'o O;
}

struct SyncRef<'o, O: ?Sized + Sync>(&'o O);

impl<'o, O: ?Sized + Sync> SharedRef<'o, O> for SyncRef<'o, O> {
    fn get(&self) -> &'o O {
        self.0
    }
}

/// What a running orchestrator receives.
pub(crate) enum Message<O: ?Sized> {
    Immediate(Box<dyn ImmediateCall<O>>),
    ImmediateShared(Box<dyn ImmediateSharedCall<O>>),
    Exclusive(Box<dyn ExclusiveCall<O>>),
    Shared(Box<dyn SharedCall<O>>),
    /// Boxed: the message stays small to move.
    Restart(Box<RestartRequest>),
}

/// A restart a client asked for.
pub(crate) struct RestartRequest {
    pub(crate) component: String,
    pub(crate) policy: RestartPolicy,
    pub(crate) reply: oneshot::Sender<Result<(), RestartError>>,
}

impl<O: ?Sized> Message<O> {
    /// Answers it without running it.
    pub(crate) fn refuse(self, error: &CallError) {
        match self {
            Message::Immediate(call) => call.refuse(error.clone()),
            Message::ImmediateShared(call) => call.refuse(error.clone()),
            Message::Exclusive(call) => call.refuse(error.clone()),
            Message::Shared(call) => call.refuse(error.clone()),
            // the client's `restart` maps a dropped reply to the error
            Message::Restart(_) => {}
        }
    }
}

/// The reply of one call: who answers, and to what.
struct Reply<R> {
    orchestrator: &'static str,
    method: &'static str,
    /// `None` for an event (nobody waits for its handler).
    sender: Option<oneshot::Sender<Result<R, CallError>>>,
}

impl<R> Reply<R> {
    fn is_wanted(&self) -> bool {
        self.sender.as_ref().is_none_or(|sender| !sender.is_closed())
    }

    fn send(&mut self, result: Result<R, CallError>) {
        if let Some(sender) = self.sender.take() {
            // the caller may be gone: its loss
            drop_caught(sender.send(result));
        }
    }

    fn panicked(&self, error: &ComponentError) -> CallError {
        let message = error.to_string();
        let message = message.strip_prefix("panicked: ").unwrap_or(&message).to_owned();
        CallError::Panicked { orchestrator: self.orchestrator, method: self.method, message }
    }
}

/// A started call's future: polls the method's future under the panic guard and answers the
/// caller; dropped before its end (the shutdown deadline, a dropped run), it answers
/// [`CallError::Cancelled`].
struct Running<'o, R> {
    future: Option<BoxFuture<'o, R>>,
    reply: Reply<R>,
}

impl<R: Send> Future for Running<'_, R> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        let Some(future) = &mut this.future else { return Poll::Ready(()) };
        let result = match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(output)) => Ok(output),
            Err(payload) => Err(this.reply.panicked(&panic_error(payload))),
        };
        drop_caught(this.future.take());
        crate::trace::call_panicked(this.reply.orchestrator, this.reply.method, result.as_ref().err());
        this.reply.send(result);
        Poll::Ready(())
    }
}

impl<R> Drop for Running<'_, R> {
    fn drop(&mut self) {
        if self.future.is_some() {
            drop_caught(self.future.take());
            let (orchestrator, method) = (self.reply.orchestrator, self.reply.method);
            self.reply.send(Err(CallError::Cancelled { orchestrator, method }));
        }
    }
}

/// A call with its method's closure `F` and its reply.
struct Typed<F, R> {
    f: F,
    reply: Reply<R>,
}

impl<F: Send, R: Send> Call for Typed<F, R> {
    fn is_wanted(&self) -> bool {
        self.reply.is_wanted()
    }
    fn refuse(mut self: Box<Self>, error: CallError) {
        self.reply.send(Err(error));
    }
}

impl<O: ?Sized, F, R> ImmediateCall<O> for Typed<F, R>
where
    F: FnOnce(&mut O) -> R + Send,
    R: Send,
{
    fn run(self: Box<Self>, this: &mut O) {
        let Typed { f, mut reply } = *self;
        let result = match catch_unwind(AssertUnwindSafe(|| f(this))) {
            Ok(output) => Ok(output),
            Err(payload) => Err(reply.panicked(&panic_error(payload))),
        };
        crate::trace::call_panicked(reply.orchestrator, reply.method, result.as_ref().err());
        reply.send(result);
    }
}

/// A sync `&self` method's call: `F` takes the orchestrator shared.
struct SharedImmediate<F, R>(Typed<F, R>);

impl<F: Send, R: Send> Call for SharedImmediate<F, R> {
    fn is_wanted(&self) -> bool {
        self.0.reply.is_wanted()
    }
    fn refuse(self: Box<Self>, error: CallError) {
        Box::new(self.0).refuse(error);
    }
}

impl<O: ?Sized, F, R> ImmediateSharedCall<O> for SharedImmediate<F, R>
where
    F: FnOnce(&O) -> R + Send,
    R: Send,
{
    fn run(self: Box<Self>, this: &O) {
        let Typed { f, mut reply } = self.0;
        let result = match catch_unwind(AssertUnwindSafe(|| f(this))) {
            Ok(output) => Ok(output),
            Err(payload) => Err(reply.panicked(&panic_error(payload))),
        };
        crate::trace::call_panicked(reply.orchestrator, reply.method, result.as_ref().err());
        reply.send(result);
    }
}

impl<O: ?Sized, F, R> ExclusiveCall<O> for Typed<F, R>
where
    F: for<'o> FnOnce(&'o mut O) -> BoxFuture<'o, R> + Send,
    R: Send + 'static,
{
    fn start<'o>(self: Box<Self>, this: &'o mut O) -> Pending<'o> {
        let Typed { f, mut reply } = *self;
        match catch_unwind(AssertUnwindSafe(|| f(this))) {
            Ok(future) => Box::pin(Running { future: Some(future), reply }),
            Err(payload) => {
                let error = reply.panicked(&panic_error(payload));
                reply.send(Err(error));
                Box::pin(core::future::ready(()))
            }
        }
    }
}

/// A shared call's closure: `F` builds the method's future from `&O`.
struct SharedTyped<F, R>(Typed<F, R>);

impl<F: Send, R: Send> Call for SharedTyped<F, R> {
    fn is_wanted(&self) -> bool {
        self.0.reply.is_wanted()
    }
    fn refuse(self: Box<Self>, error: CallError) {
        Box::new(self.0).refuse(error);
    }
}

impl<O: ?Sized + Sync, F, R> SharedCall<O> for SharedTyped<F, R>
where
    F: for<'o> FnOnce(&'o O) -> BoxFuture<'o, R> + Send,
    R: Send + 'static,
{
    fn start<'o>(self: Box<Self>, this: &'o O) -> (Pending<'o>, SharedAccess<'o, O>) {
        let access = SharedAccess { this: Box::new(SyncRef(this)) };
        (self.start_with(&access), access)
    }

    fn start_with<'o>(self: Box<Self>, access: &SharedAccess<'o, O>) -> Pending<'o>
    where
        O: 'o,
    {
        let Typed { f, mut reply } = self.0;
        let this = access.this.get();
        match catch_unwind(AssertUnwindSafe(|| f(this))) {
            Ok(future) => Box::pin(Running { future: Some(future), reply }),
            Err(payload) => {
                let error = reply.panicked(&panic_error(payload));
                reply.send(Err(error));
                Box::pin(core::future::ready(()))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Control: what bypasses the queue

/// What a client, the components' fault reports and the running task share besides the queue:
/// a shutdown asked for by a client, the faults reported and not yet handled, and the task's
/// wake-up.
#[derive(Default)]
pub(crate) struct Control {
    shutdown: AtomicBool,
    /// The shutdown closed the queue: calls and events are refused.
    closed: AtomicBool,
    /// The inbox is gone: no run serves the orchestrator any more.
    ended: AtomicBool,
    /// Faults are waiting in `faults`.
    faulty: AtomicBool,
    faults: Mutex<Vec<(usize, Fault)>>,
    wake: Notify,
}

impl Control {
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
    }

    /// Why a call cannot be queued, if it cannot: the run ended, or its shutdown closed the
    /// queue.
    fn refusal(&self, orchestrator: &'static str) -> Option<CallError> {
        if self.ended.load(Ordering::SeqCst) {
            Some(CallError::NotRunning { orchestrator })
        } else if self.closed.load(Ordering::SeqCst) {
            Some(CallError::ShuttingDown { orchestrator })
        } else {
            None
        }
    }

    pub(crate) fn ask_shutdown(&self) {
        self.shutdown.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    pub(crate) fn shutdown_asked(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }

    fn report(&self, component: usize, fault: Fault) {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner).push((component, fault));
        self.faulty.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    /// The faults reported since the last call, oldest first.
    pub(crate) fn take_faults(&self) -> Vec<(usize, Fault)> {
        if !self.faulty.swap(false, Ordering::SeqCst) {
            return Vec::new();
        }
        core::mem::take(&mut *self.faults.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Forgets the faults of the components of `set` (they were restarted).
    pub(crate) fn forget_faults(&self, set: impl Fn(usize) -> bool) {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner).retain(|(index, _)| !set(*index));
    }

    /// Resolves when a client asked for a shutdown or a component reported a fault since the
    /// last wake-up.
    pub(crate) fn woken(&self) -> impl Future<Output = ()> + '_ {
        self.wake.notified()
    }
}

// ---------------------------------------------------------------------------------------------
// Client and inbox

/// A handle to a running orchestrator, from any task: `Clone + Send + Sync`, cheap to clone.
///
/// Calls of the orchestrator's coordination methods go through the trait that
/// `#[orchestrate(client)]` generates for `Client<Orchestrator>` (one async method per
/// coordination method, with the same name and parameters, returning
/// `Result<the method's result, CallError>`). `Client` itself can restart a component and ask
/// for the shutdown. Create one with [`Client::channel`], and give the [`Inbox`] to
/// [`Supervise::serve`](crate::Supervise::serve).
///
/// What a call does, whatever the method:
///
/// - It waits for room in the orchestrator's bounded queue (backpressure; a
///   [`no_wait`](Self::no_wait) client returns [`CallError::Full`] at once instead), then for
///   the orchestrator to run it, then returns its result.
/// - Calls run while the orchestrator is `Ready`. During a restart they wait in the queue and
///   run after it (bound the wait with `tokio::time::timeout`); a call whose caller gave up
///   before it started never runs.
/// - Sync methods run one at a time, between two steps of anything else; `async fn` methods
///   taking `&mut self` run alone; `async fn` methods taking `&self` run concurrently with each
///   other (the orchestrator must then be `Sync`).
/// - Once the shutdown has begun (and its drain delay is over), new and queued calls are
///   refused with [`CallError::ShuttingDown`]; calls already running finish before any
///   component is cleaned up, within the shutdown deadline ([`CallError::Cancelled`] past it).
/// - A method that panics answers [`CallError::Panicked`]; the run goes on.
/// - When no run serves the orchestrator any more (it returned, or the orchestrator was
///   dropped), every call returns [`CallError::NotRunning`] at once: never a hang.
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub struct Client<O: ?Sized> {
    sender: mpsc::Sender<Message<O>>,
    control: Arc<Control>,
    orchestrator: &'static str,
    wait: bool,
}

impl<O: ?Sized> Clone for Client<O> {
    fn clone(&self) -> Self {
        Self {
            sender: self.sender.clone(),
            control: self.control.clone(),
            orchestrator: self.orchestrator,
            wait: self.wait,
        }
    }
}

impl<O: ?Sized> fmt::Debug for Client<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("orchestrator", &self.orchestrator)
            .field("running", &self.is_running())
            .field("wait", &self.wait)
            .finish()
    }
}

/// The receiving end of a [`Client`]'s calls: give it to
/// [`Supervise::serve`](crate::Supervise::serve), which runs them on the orchestrator. When
/// it is dropped (the run returned, or never started), every client's calls return
/// [`CallError::NotRunning`].
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub struct Inbox<O: ?Sized> {
    pub(crate) receiver: mpsc::Receiver<Message<O>>,
    /// Keeps the queue open for the components' events while no client exists.
    pub(crate) sender: mpsc::Sender<Message<O>>,
    pub(crate) control: Arc<Control>,
    pub(crate) orchestrator: &'static str,
}

impl<O: ?Sized> Drop for Inbox<O> {
    fn drop(&mut self) {
        self.control.ended.store(true, Ordering::SeqCst);
    }
}

impl<O: ?Sized> Inbox<O> {
    /// What the components' events connect to.
    pub(crate) fn link(&self) -> Link<O> {
        Link { sender: self.sender.downgrade(), control: self.control.clone(), orchestrator: self.orchestrator }
    }
}

impl<O: ?Sized> fmt::Debug for Inbox<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inbox").field("queued", &self.receiver.len()).finish_non_exhaustive()
    }
}

impl<O: ?Sized + crate::AsyncOrchestrator> Client<O> {
    /// A client and the inbox of its calls, with room for `capacity` queued calls (at least 1).
    ///
    /// ```
    /// # #[cfg(feature = "tokio")] {
    /// # use orchestrator::{Client, Inbox};
    /// # fn f<Shop: orchestrator::AsyncOrchestrator>() {
    /// let (client, inbox): (Client<Shop>, Inbox<Shop>) = Client::channel(64);
    /// # }}
    /// ```
    #[must_use]
    pub fn channel(capacity: usize) -> (Client<O>, Inbox<O>) {
        let (sender, receiver) = mpsc::channel(capacity.max(1));
        let control = Arc::new(Control::default());
        let inbox = Inbox { receiver, sender: sender.clone(), control: control.clone(), orchestrator: O::NAME };
        (Client { sender, control, orchestrator: O::NAME, wait: true }, inbox)
    }
}

impl<O: ?Sized> Client<O> {
    /// A copy of this client whose calls do not wait for room in a full queue: they return
    /// [`CallError::Full`] at once (for example, to answer `503` to an HTTP request rather than
    /// wait).
    #[must_use]
    pub fn no_wait(&self) -> Self {
        Self { wait: false, ..self.clone() }
    }

    /// Whether a run still serves the orchestrator (its inbox exists).
    #[must_use]
    pub fn is_running(&self) -> bool {
        !self.sender.is_closed()
    }

    /// Asks the run to shut down, as its shutdown future resolving would; returns at once. To
    /// wait for the end, await the run's task or [`StatusHandle::stopped`](crate::StatusHandle::stopped).
    pub fn shutdown(&self) {
        self.control.ask_shutdown();
    }

    /// Restarts `component` (the orchestrator's generated key, or a name as a string: see
    /// [`ComponentOf`]) and its dependents on the running orchestrator, as
    /// [`AsyncOrchestrator::restart`](crate::AsyncOrchestrator::restart) does, between calls.
    ///
    /// # Errors
    /// [`CallError`] when the request could not reach a running orchestrator; inside, the
    /// restart's own result.
    pub async fn restart(&self, component: impl ComponentOf<O>) -> Result<Result<(), RestartError>, CallError> {
        self.restart_with(component, RestartPolicy::WithDependents).await
    }

    /// [`restart`](Self::restart) with a choice of what restarts with the component.
    ///
    /// # Errors
    /// As [`restart`](Self::restart).
    pub async fn restart_with(
        &self,
        component: impl ComponentOf<O>,
        policy: RestartPolicy,
    ) -> Result<Result<(), RestartError>, CallError> {
        let component = component.component_name().to_owned();
        let (reply, answer) = oneshot::channel();
        let permit = self.permit().await?;
        permit.send(Message::Restart(Box::new(RestartRequest { component, policy, reply })));
        answer.await.map_err(|_| self.lost())
    }

    /// Room for one message in the queue.
    async fn permit(&self) -> Result<mpsc::Permit<'_, Message<O>>, CallError> {
        let orchestrator = self.orchestrator;
        if let Some(refusal) = self.control.refusal(orchestrator) {
            return Err(refusal);
        }
        if self.wait {
            let closed = |_| self.control.refusal(orchestrator).unwrap_or(CallError::NotRunning { orchestrator });
            self.sender.reserve().await.map_err(closed)
        } else {
            self.sender.try_reserve().map_err(|error| match error {
                mpsc::error::TrySendError::Full(()) => CallError::Full { orchestrator },
                mpsc::error::TrySendError::Closed(()) => {
                    self.control.refusal(orchestrator).unwrap_or(CallError::NotRunning { orchestrator })
                }
            })
        }
    }

    /// The error of a call whose reply was dropped unanswered: its message was dropped with
    /// the inbox before it started.
    fn lost(&self) -> CallError {
        CallError::NotRunning { orchestrator: self.orchestrator }
    }

    /// A call's reply: who answers it, and where the answer arrives.
    fn reply<R>(&self, method: &'static str) -> (Reply<R>, oneshot::Receiver<Result<R, CallError>>) {
        let (sender, answer) = oneshot::channel();
        (Reply { orchestrator: self.orchestrator, method, sender: Some(sender) }, answer)
    }

    /// Sends `message` once there is room, and waits for its answer. The message is built by
    /// the caller (its closure boxed once): this future holds it, the room it waits for and the
    /// answer, one level deep, so that it stays small to move.
    async fn call<R>(
        &self,
        message: Message<O>,
        answer: oneshot::Receiver<Result<R, CallError>>,
    ) -> Result<R, CallError> {
        let orchestrator = self.orchestrator;
        if let Some(refusal) = self.control.refusal(orchestrator) {
            return Err(refusal);
        }
        let permit = if self.wait {
            self.sender.reserve().await.map_err(|_| self.closed())?
        } else {
            self.sender.try_reserve().map_err(|error| match error {
                mpsc::error::TrySendError::Full(()) => CallError::Full { orchestrator },
                mpsc::error::TrySendError::Closed(()) => self.closed(),
            })?
        };
        permit.send(message);
        answer.await.unwrap_or_else(|_| Err(self.lost()))
    }

    /// Why the queue is closed: the shutdown closed it, or no run serves it.
    fn closed(&self) -> CallError {
        let orchestrator = self.orchestrator;
        self.control.refusal(orchestrator).unwrap_or(CallError::NotRunning { orchestrator })
    }

    /// A call of the sync coordination method `method`, `f` calling it. For generated code.
    #[doc(hidden)]
    pub fn __immediate<R, F>(
        &self,
        method: &'static str,
        f: F,
    ) -> impl Future<Output = Result<R, CallError>> + Send + '_
    where
        F: FnOnce(&mut O) -> R + Send + 'static,
        R: Send + 'static,
        O: 'static,
    {
        let (reply, answer) = self.reply(method);
        self.call(Message::Immediate(Box::new(Typed { f, reply })), answer)
    }

    /// A call of the sync coordination method `method` taking `&self`, `f` calling it (it
    /// also runs while shared calls do). For generated code.
    #[doc(hidden)]
    pub fn __immediate_shared<R, F>(
        &self,
        method: &'static str,
        f: F,
    ) -> impl Future<Output = Result<R, CallError>> + Send + '_
    where
        F: FnOnce(&O) -> R + Send + 'static,
        R: Send + 'static,
        O: 'static,
    {
        let (reply, answer) = self.reply(method);
        self.call(Message::ImmediateShared(Box::new(SharedImmediate(Typed { f, reply }))), answer)
    }

    /// A call of the `async fn` coordination method `method` taking `&mut self`, `f` calling
    /// it. For generated code.
    #[doc(hidden)]
    pub fn __exclusive<R, F>(
        &self,
        method: &'static str,
        f: F,
    ) -> impl Future<Output = Result<R, CallError>> + Send + '_
    where
        F: for<'o> FnOnce(&'o mut O) -> BoxFuture<'o, R> + Send + 'static,
        R: Send + 'static,
        O: 'static,
    {
        let (reply, answer) = self.reply(method);
        self.call(Message::Exclusive(Box::new(Typed { f, reply })), answer)
    }

    /// A call of the `async fn` coordination method `method` taking `&self`, `f` calling it;
    /// it runs concurrently with the other shared calls. For generated code.
    #[doc(hidden)]
    pub fn __shared<R, F>(&self, method: &'static str, f: F) -> impl Future<Output = Result<R, CallError>> + Send + '_
    where
        F: for<'o> FnOnce(&'o O) -> BoxFuture<'o, R> + Send + 'static,
        R: Send + 'static,
        O: Sync + 'static,
    {
        let (reply, answer) = self.reply(method);
        self.call(Message::Shared(Box::new(SharedTyped(Typed { f, reply }))), answer)
    }
}

// ---------------------------------------------------------------------------------------------
// Events

/// A component's failure, reported the moment it happens (its background task died): raise it
/// through an [`Events<Fault>`](Events) that the component declares with
/// `#[component(emits(Fault))]`, and the running orchestrator's supervision restarts the
/// component by its policy at once, without waiting for a health check.
///
/// ```
/// use orchestrator::Fault;
/// let fault = Fault::new("the writer task ended: disk full");
/// assert_eq!(fault.reason(), "the writer task ended: disk full");
/// ```
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    reason: String,
}

impl Fault {
    /// A fault, with why.
    pub fn new(reason: impl fmt::Display) -> Self {
        Self { reason: reason.to_string() }
    }

    /// Why the component failed.
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

/// Where a component's events of type `E` go once a running orchestrator connected them.
pub(crate) trait DynSink<E>: Send + Sync {
    fn try_send(&self, event: E) -> Result<(), EventError>;
    fn send(&self, event: E) -> BoxFuture<'_, Result<(), EventError>>;
}

/// The sending end of a component's events of type `E`: the component keeps one (built with
/// `Events::default()`), declares it with `#[component(emits(E))]` and implements
/// [`Emits<E>`](Emits) to lend it; when its orchestrator is served
/// ([`Supervise::serve`](crate::Supervise::serve)), the run connects it to the orchestrator's
/// handler of `E` (a method marked `#[orchestrate(on_event)]`), or, for [`Fault`], to
/// supervision. Clone it into the component's background tasks.
///
/// ```
/// # #[cfg(feature = "tokio")] {
/// use orchestrator::{EventError, Events};
/// #[derive(Debug)]
/// struct JobDone(u64);
/// let events: Events<JobDone> = Events::default();
/// // not connected yet: no running orchestrator receives them
/// assert_eq!(events.try_emit(JobDone(1)), Err(EventError::NotConnected));
/// # }
/// ```
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub struct Events<E> {
    sink: Arc<Mutex<Option<Arc<dyn DynSink<E>>>>>,
}

impl<E> Default for Events<E> {
    fn default() -> Self {
        Self { sink: Arc::new(Mutex::new(None)) }
    }
}

impl<E> Clone for Events<E> {
    fn clone(&self) -> Self {
        Self { sink: self.sink.clone() }
    }
}

impl<E> fmt::Debug for Events<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let connected = self.sink.lock().unwrap_or_else(PoisonError::into_inner).is_some();
        f.debug_struct("Events").field("connected", &connected).finish()
    }
}

impl<E: Send + 'static> Events<E> {
    /// New events, not connected to any orchestrator yet (the same as `Events::default()`).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn current(&self) -> Option<Arc<dyn DynSink<E>>> {
        self.sink.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Raises `event`, waiting for room in the orchestrator's queue.
    ///
    /// # Errors
    /// [`EventError::NotConnected`] when no running orchestrator receives these events,
    /// [`EventError::ShuttingDown`] once its shutdown has begun.
    pub async fn emit(&self, event: E) -> Result<(), EventError> {
        match self.current() {
            Some(sink) => sink.send(event).await,
            None => Err(EventError::NotConnected),
        }
    }

    /// Raises `event` if there is room in the orchestrator's queue now (a [`Fault`] always
    /// has room).
    ///
    /// # Errors
    /// As [`emit`](Self::emit), and [`EventError::Full`] when the queue is full.
    pub fn try_emit(&self, event: E) -> Result<(), EventError> {
        match self.current() {
            Some(sink) => sink.try_send(event),
            None => Err(EventError::NotConnected),
        }
    }

    /// Connects these events to a running orchestrator (replacing an earlier connection).
    /// For generated code.
    #[doc(hidden)]
    pub fn __connect(&self, sink: Sink<E>) {
        *self.sink.lock().unwrap_or_else(PoisonError::into_inner) = Some(sink.0);
    }
}

/// Where a connected [`Events<E>`](Events) sends: built by [`Handles::__sink`].
#[doc(hidden)]
pub struct Sink<E>(Arc<dyn DynSink<E>>);

/// A component that raises events of type `E`: it lends its [`Events<E>`](Events), so that
/// the running orchestrator can connect it. Declare it on the field too, with
/// `#[component(emits(E))]`.
///
/// ```
/// # #[cfg(feature = "tokio")] {
/// use orchestrator::{Emits, Events, Fault};
/// struct Worker { faults: Events<Fault> }
/// impl Emits<Fault> for Worker {
///     fn events(&self) -> &Events<Fault> { &self.faults }
/// }
/// # }
/// ```
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not emit `{E}` events",
    label = "`emits({E})` says this component raises `{E}`",
    note = "implement `orchestrator::Emits<{E}>` for `{Self}`: keep an `orchestrator::Events<{E}>` in it and return it from `events()`"
)]
pub trait Emits<E> {
    /// The component's events of type `E`.
    fn events(&self) -> &Events<E>;
}

impl<E, C: Emits<E> + ?Sized> Emits<E> for Box<C> {
    fn events(&self) -> &Events<E> {
        (**self).events()
    }
}

/// An orchestrator that handles events of type `E`: `#[orchestrate]` implements it for the
/// type of each method marked `#[orchestrate(on_event)]`; every orchestrator handles
/// [`Fault`]s (its supervision does). A component that `emits(E)` an event type its
/// orchestrator does not handle is a compile error.
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no handler of `{E}` events",
    label = "a component emits `{E}`, which no method of `{Self}` handles",
    note = "add a method taking the event, marked `#[orchestrate(on_event)]`, to the `#[orchestrate]` block of `{Self}`: `#[orchestrate(on_event)] fn on_it(&mut self, event: {E}) {{ ... }}`"
)]
pub trait Handles<E>: Sized {
    /// Where events of type `E` raised by component `component` (its index in initialization
    /// order) go. For generated code.
    #[doc(hidden)]
    fn __sink(link: &Link<Self>, component: usize) -> Sink<E>;
}

/// Faults go to supervision, for every orchestrator.
impl<O> Handles<Fault> for O {
    fn __sink(link: &Link<Self>, component: usize) -> Sink<Fault> {
        Sink(Arc::new(FaultSink { control: link.control.clone(), component }))
    }
}

struct FaultSink {
    control: Arc<Control>,
    component: usize,
}

impl DynSink<Fault> for FaultSink {
    fn try_send(&self, event: Fault) -> Result<(), EventError> {
        match self.control.refusal("") {
            Some(CallError::ShuttingDown { .. }) => return Err(EventError::ShuttingDown),
            Some(_) => return Err(EventError::NotConnected),
            None => {}
        }
        self.control.report(self.component, event);
        Ok(())
    }
    fn send(&self, event: Fault) -> BoxFuture<'_, Result<(), EventError>> {
        Box::pin(core::future::ready(self.try_send(event)))
    }
}

/// What a running orchestrator gives its components' [`Events`] to connect to: its queue and
/// its control. For generated code.
#[doc(hidden)]
pub struct Link<O: ?Sized> {
    pub(crate) sender: mpsc::WeakSender<Message<O>>,
    pub(crate) control: Arc<Control>,
    pub(crate) orchestrator: &'static str,
}

impl<O: 'static> Link<O> {
    /// The sink of events handled by the method `method` taking `&mut self`, sync (`f` runs
    /// it) or async (`f` returns its future). For generated code.
    #[doc(hidden)]
    pub fn __exclusive<E, F>(&self, method: &'static str, f: F) -> Sink<E>
    where
        E: Send + 'static,
        F: for<'o> Fn(&'o mut O, E) -> BoxFuture<'o, ()> + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        self.sink(method, move |event: E, reply: Reply<()>| {
            let f = f.clone();
            Message::Exclusive(Box::new(Typed { f: exclusive_fn(move |this: &mut O| f(this, event)), reply }))
        })
    }

    /// The sink of events handled by the sync method `method` taking `&mut self`. For
    /// generated code.
    #[doc(hidden)]
    pub fn __immediate<E, F>(&self, method: &'static str, f: F) -> Sink<E>
    where
        E: Send + 'static,
        F: Fn(&mut O, E) + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        self.sink(method, move |event: E, reply: Reply<()>| {
            let f = f.clone();
            Message::Immediate(Box::new(Typed { f: move |this: &mut O| f(this, event), reply }))
        })
    }

    /// The sink of events handled by the sync method `method` taking `&self`. For generated
    /// code.
    #[doc(hidden)]
    pub fn __immediate_shared<E, F>(&self, method: &'static str, f: F) -> Sink<E>
    where
        E: Send + 'static,
        F: Fn(&O, E) + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        self.sink(method, move |event: E, reply: Reply<()>| {
            let f = f.clone();
            Message::ImmediateShared(Box::new(SharedImmediate(Typed { f: move |this: &O| f(this, event), reply })))
        })
    }

    /// The sink of events handled by the `async fn` method `method` taking `&self` (run
    /// concurrently with other shared calls). For generated code.
    #[doc(hidden)]
    pub fn __shared<E, F>(&self, method: &'static str, f: F) -> Sink<E>
    where
        E: Send + 'static,
        F: for<'o> Fn(&'o O, E) -> BoxFuture<'o, ()> + Send + Sync + 'static,
        O: Sync,
    {
        let f = Arc::new(f);
        self.sink(method, move |event: E, reply: Reply<()>| {
            let f = f.clone();
            Message::Shared(Box::new(SharedTyped(Typed { f: shared_fn(move |this: &O| f(this, event)), reply })))
        })
    }

    fn sink<E: Send + 'static>(
        &self,
        method: &'static str,
        message: impl Fn(E, Reply<()>) -> Message<O> + Send + Sync + 'static,
    ) -> Sink<E> {
        Sink(Arc::new(CallSink {
            sender: self.sender.clone(),
            control: self.control.clone(),
            orchestrator: self.orchestrator,
            method,
            message,
            event: PhantomData,
        }))
    }
}

struct CallSink<O: ?Sized, E, M> {
    sender: mpsc::WeakSender<Message<O>>,
    control: Arc<Control>,
    orchestrator: &'static str,
    method: &'static str,
    message: M,
    event: PhantomData<fn(E)>,
}

impl<O: ?Sized + 'static, E: Send + 'static, M> CallSink<O, E, M>
where
    M: Fn(E, Reply<()>) -> Message<O> + Send + Sync,
{
    fn build(&self, event: E) -> Message<O> {
        (self.message)(event, Reply { orchestrator: self.orchestrator, method: self.method, sender: None })
    }

    fn sender(&self) -> Result<mpsc::Sender<Message<O>>, EventError> {
        match self.control.refusal(self.orchestrator) {
            Some(CallError::ShuttingDown { .. }) => return Err(EventError::ShuttingDown),
            Some(_) => return Err(EventError::NotConnected),
            None => {}
        }
        self.sender.upgrade().ok_or(EventError::NotConnected)
    }
}

impl<O: ?Sized + 'static, E: Send + 'static, M> DynSink<E> for CallSink<O, E, M>
where
    M: Fn(E, Reply<()>) -> Message<O> + Send + Sync,
{
    fn try_send(&self, event: E) -> Result<(), EventError> {
        let sender = self.sender()?;
        match sender.try_reserve() {
            Ok(permit) => {
                permit.send(self.build(event));
                Ok(())
            }
            Err(mpsc::error::TrySendError::Full(())) => Err(EventError::Full),
            Err(mpsc::error::TrySendError::Closed(())) => Err(EventError::NotConnected),
        }
    }

    fn send(&self, event: E) -> BoxFuture<'_, Result<(), EventError>> {
        Box::pin(async move {
            let sender = self.sender()?;
            let permit = sender.reserve().await.map_err(|_| EventError::NotConnected)?;
            permit.send(self.build(event));
            Ok(())
        })
    }
}

/// `f`, its signature inferred for every lifetime of the orchestrator's borrow.
fn exclusive_fn<O: ?Sized, F>(f: F) -> F
where
    F: for<'o> FnOnce(&'o mut O) -> BoxFuture<'o, ()>,
{
    f
}

/// `f`, its signature inferred for every lifetime of the orchestrator's borrow.
fn shared_fn<O: ?Sized, F>(f: F) -> F
where
    F: for<'o> FnOnce(&'o O) -> BoxFuture<'o, ()>,
{
    f
}

/// What an event handler returned: `()`, or a `Result` whose error is traced. For generated
/// code.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "an event handler returns `()` or a `Result` whose error implements `Display`, not `{Self}`",
    label = "the error of a failed event is traced with its `Display`",
    note = "return `()`, or `Result<(), E>` with `E: std::fmt::Display` (the run traces the error and goes on)"
)]
pub trait HandlerOutcome {
    /// Records the outcome of handler `method` of `orchestrator`.
    fn record(self, orchestrator: &'static str, method: &'static str);
}

impl HandlerOutcome for () {
    fn record(self, _: &'static str, _: &'static str) {}
}

impl<T, E: fmt::Display> HandlerOutcome for Result<T, E> {
    fn record(self, orchestrator: &'static str, method: &'static str) {
        if let Err(error) = self {
            crate::trace::handler_failed(orchestrator, method, &error);
            drop_caught(error);
        }
    }
}
