//! The [`Worker`] component: a task that writes the queued jobs to the database.
//!
//! The queue outlives the task. It is made with the worker and kept across its restarts, so
//! the [`Submitter`] the HTTP server holds stays valid while the task is restarted, and a job
//! the task took from the queue but had not stored yet is stored by the next one.
//!
//! What the queue holds is bounded in jobs and in bytes, and a job counts against those bounds
//! from the moment it is accepted until the transaction that stores it has committed: a
//! restart of the task frees nothing. A job is accepted only while the writer task runs and
//! has proved that it can write (each task's first step is a write, the reservation of ids),
//! so while the database cannot be written, `submit` refuses at once.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use orchestrator::prelude::*;
use orchestrator::{AsyncUses, Emits, Events, Fault, StatusHandle};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use crate::BoxError;
use crate::db::{Database, Db, Job, Written, weight};

/// The worker's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Jobs accepted and not stored yet, at most.
    pub jobs: usize,
    /// Bytes those jobs hold ([`Job::weight`]), at most.
    pub bytes: usize,
    /// Jobs per transaction, at most.
    pub batch: usize,
}

/// The worker: starts its writer task against the database in `init`; in `cleanup` stops it.
/// During the final shutdown (the orchestrator's status, given with
/// [`set_status`](Self::set_status), says so) its cleanup then writes what is still queued into
/// the database, which is still open then, and retries a write that fails until it succeeds
/// or the shutdown deadline cuts the cleanup off; what is then still unstored is
/// [`WorkerHandle::unstored`]. During a restart the queue stays as it is, for the next writer
/// task. (Without a status, every cleanup writes the queue once.)
///
/// `health()` is `Unhealthy` once the task has ended on its own (an error, a panic,
/// [`WorkerHandle::kill_task`]), so that supervision restarts the worker, and `Degraded` while
/// the queue is full.
pub struct Worker {
    shared: Arc<Shared>,
    /// The writer task while the worker runs (a `JoinSet` aborts it if the worker is dropped).
    writer: JoinSet<()>,
    /// Tells the running writer task to stop (a new channel for each task).
    stop: watch::Sender<bool>,
    /// Counts the kills asked for through the handle; each task watches it from its start.
    kill: Arc<watch::Sender<u64>>,
    /// The orchestrator's status: whether a cleanup is the final shutdown's.
    status: Option<StatusHandle>,
    /// Where the writer task reports its own death, the moment it happens: the running
    /// orchestrator's supervision restarts the worker at once.
    faults: Events<Fault>,
}

impl Emits<Fault> for Worker {
    fn events(&self) -> &Events<Fault> {
        &self.faults
    }
}

/// The writer task's state.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Writer {
    /// Not started, or stopped by `cleanup`.
    Stopped,
    /// Taking jobs from the queue and writing them.
    Running,
    /// Ended on its own, with the reason.
    Ended(String),
}

/// The queue, the jobs taken from it but not stored yet, the ids, the bounds and the counts:
/// what the worker, its task and its submitters share.
struct Shared {
    sender: mpsc::UnboundedSender<Job>,
    /// Held by the running writer task; free again the moment that task ends, however it ends.
    receiver: Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<Job>>>,
    /// Taken from the channel, not stored yet: a job moves here with no `.await` in between,
    /// and leaves only in the transaction that stores it.
    pending: Arc<Mutex<Vec<Job>>>,
    limits: Limits,
    /// Jobs and bytes accepted and not stored yet.
    queued_jobs: AtomicUsize,
    queued_bytes: AtomicUsize,
    /// The ids: an id is given only once it is reserved in the database.
    ids: Mutex<Ids>,
    /// How many ids a reservation takes at a time.
    id_block: i64,
    /// What the writer task is doing.
    state: Mutex<Writer>,
    /// The running writer task has written since it started, and has not failed since.
    writable: AtomicBool,
    accepted: AtomicU64,
    stored: AtomicU64,
    metrics: Metrics,
}

/// The worker's metrics, through the `metrics` facade (nothing is recorded unless the binary
/// installs a recorder).
struct Metrics {
    accepted: metrics::Counter,
    stored: metrics::Counter,
    rejected_full: metrics::Counter,
    rejected_unavailable: metrics::Counter,
    queue_jobs: metrics::Gauge,
    queue_bytes: metrics::Gauge,
    writer_restarts: metrics::Counter,
}

impl Metrics {
    fn new() -> Self {
        Metrics {
            accepted: metrics::counter!("job_service_jobs_accepted_total"),
            stored: metrics::counter!("job_service_jobs_stored_total"),
            rejected_full: metrics::counter!("job_service_jobs_rejected_total", "reason" => "full"),
            rejected_unavailable: metrics::counter!("job_service_jobs_rejected_total", "reason" => "unavailable"),
            queue_jobs: metrics::gauge!("job_service_queue_jobs"),
            queue_bytes: metrics::gauge!("job_service_queue_bytes"),
            writer_restarts: metrics::counter!("job_service_writer_ended_total"),
        }
    }
}

impl Shared {
    /// Takes room for one job of `weight` bytes, if the bounds allow it.
    fn take_room(&self, weight: usize) -> bool {
        let limits = self.limits;
        if self
            .queued_jobs
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < limits.jobs).then_some(n + 1))
            .is_err()
        {
            return false;
        }
        let bytes = self.queued_bytes.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            n.checked_add(weight).filter(|&total| total <= limits.bytes)
        });
        if bytes.is_err() {
            self.queued_jobs.fetch_sub(1, Ordering::AcqRel);
            return false;
        }
        self.metrics.queue_jobs.increment(1.0);
        self.metrics.queue_bytes.increment(weight as f64);
        true
    }

    /// Gives back the room of `jobs` jobs of `weight` bytes in all.
    fn give_room(&self, jobs: usize, weight: usize) {
        self.queued_jobs.fetch_sub(jobs, Ordering::AcqRel);
        self.queued_bytes.fetch_sub(weight, Ordering::AcqRel);
        self.metrics.queue_jobs.decrement(jobs as f64);
        self.metrics.queue_bytes.decrement(weight as f64);
    }

    /// The next id, if one is reserved.
    fn next_id(&self) -> Option<i64> {
        lock(&self.ids).next()
    }

    /// Whether a job posted now would be accepted (and so stored): the writer runs and can
    /// write, and the queue has room for a small job.
    fn accepting(&self) -> bool {
        self.writable.load(Ordering::Acquire)
            && self.queued_jobs.load(Ordering::Acquire) < self.limits.jobs
            && self.queued_bytes.load(Ordering::Acquire) + weight(64) <= self.limits.bytes
    }

    /// Writes what is pending, raising the id reservation in the same transaction when less
    /// than half a block is left. The bounds, the counts and the reservation follow inside the
    /// write's blocking call, so a dropped future cannot separate them from the commit.
    async fn write_pending(self: &Arc<Self>, db: &Db) -> Result<Written, BoxError> {
        let reserve = lock(&self.ids).due(self.id_block);
        let shared = self.clone();
        db.write_pending(self.pending.clone(), reserve, move |written| {
            shared.give_room(written.jobs, written.weight);
            shared.stored.fetch_add(written.new as u64, Ordering::AcqRel);
            shared.metrics.stored.increment(written.new as u64);
            if let Some(block) = written.reserved {
                lock(&shared.ids).add(block);
            }
        })
        .await
    }

    /// Moves what is queued now into `pending` and writes it (and anything already pending).
    /// Jobs queued meanwhile stay queued, for the next writer task.
    async fn drain(self: &Arc<Self>, db: &Db) -> Result<(), BoxError> {
        {
            let mut receiver = self.receiver.lock().await;
            let mut pending = lock(&self.pending);
            while let Ok(job) = receiver.try_recv() {
                pending.push(job);
            }
        }
        self.write_pending(db).await.map(drop)
    }

    fn unstored(&self) -> u64 {
        self.accepted.load(Ordering::Acquire).saturating_sub(self.stored.load(Ordering::Acquire))
    }
}

/// The ids reserved for this process: the block being given out and, reserved ahead of need,
/// the next one (with SQLite it follows on; with PostgreSQL other replicas may have taken the
/// ids in between).
#[derive(Debug, Default)]
struct Ids {
    /// The last id given.
    last: i64,
    /// The highest id of the block being given out.
    end: i64,
    /// The next block: the ids above the first number, up to and including the second.
    spare: Option<(i64, i64)>,
}

impl Ids {
    fn next(&mut self) -> Option<i64> {
        if self.last >= self.end {
            let (from, to) = self.spare.take()?;
            (self.last, self.end) = (from, to);
        }
        self.last += 1;
        Some(self.last)
    }

    /// A block reserved: given out next, at once if the current one is used up.
    fn add(&mut self, (from, to): (i64, i64)) {
        if self.last >= self.end {
            (self.last, self.end) = (from, to);
        } else {
            self.spare = Some((from, to));
        }
    }

    /// What to reserve with the next write, if it is time: a block above the highest id
    /// reserved here, once less than half a block is left and none is reserved ahead.
    fn due(&self, block: i64) -> Option<(i64, i64)> {
        (self.spare.is_none() && self.end - self.last < block / 2).then_some((self.end, block))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Worker {
    /// A worker whose queue holds up to `limits.jobs` jobs and `limits.bytes` bytes, and whose
    /// task writes up to `limits.batch` jobs per transaction (each at least 1).
    #[must_use]
    pub fn new(limits: Limits) -> Self {
        let limits = Limits { jobs: limits.jobs.max(1), bytes: limits.bytes.max(1), batch: limits.batch.max(1) };
        let (sender, receiver) = mpsc::unbounded_channel();
        // a reservation lasts while more than half a block is left; the queue's bound keeps
        // what is handed out between two writes far below that
        let id_block = i64::try_from(limits.jobs.saturating_mul(4).max(1 << 16)).unwrap_or(i64::MAX / 4);
        let shared = Shared {
            sender,
            receiver: Arc::new(tokio::sync::Mutex::new(receiver)),
            pending: Arc::default(),
            limits,
            queued_jobs: AtomicUsize::new(0),
            queued_bytes: AtomicUsize::new(0),
            ids: Mutex::new(Ids::default()),
            id_block,
            state: Mutex::new(Writer::Stopped),
            writable: AtomicBool::new(false),
            accepted: AtomicU64::new(0),
            stored: AtomicU64::new(0),
            metrics: Metrics::new(),
        };
        Worker {
            shared: Arc::new(shared),
            writer: JoinSet::new(),
            stop: watch::channel(false).0,
            kill: Arc::new(watch::channel(0).0),
            status: None,
            faults: Events::new(),
        }
    }

    /// The orchestrator's live status: it tells the final shutdown's cleanup (which writes the
    /// queue, retrying until the deadline) from a restart's (which leaves the queue as it is).
    pub fn set_status(&mut self, status: StatusHandle) {
        self.status = Some(status);
    }

    /// Where jobs are submitted: valid for the worker's whole life, across restarts of its task.
    #[must_use]
    pub fn submitter(&self) -> Submitter {
        Submitter { shared: self.shared.clone() }
    }

    /// A handle for other tasks: the writer's state, the counts, and a kill switch.
    #[must_use]
    pub fn handle(&self) -> WorkerHandle {
        WorkerHandle { kill: self.kill.clone(), shared: self.shared.clone() }
    }
}

impl<'a> AsyncUses<&'a Database> for Worker {
    async fn init(&mut self, db: &'a Database) -> Result<(), ComponentError> {
        let (stop, stopped) = watch::channel(false);
        self.stop = stop;
        let mut kill = self.kill.subscribe();
        let task = write(db.handle(), self.shared.clone(), stopped);
        *lock(&self.shared.state) = Writer::Running;
        let ended = EndGuard::new(self.shared.clone(), self.faults.clone());
        self.writer.spawn(async move {
            let outcome = tokio::select! {
                outcome = task => outcome.map_err(|error| error.to_string()),
                // dropping `task` cuts it off at whatever `.await` it is at
                Ok(()) = kill.changed() => Err("killed through its kill switch".to_owned()),
            };
            ended.end(outcome);
        });
        Ok(())
    }

    async fn cleanup(&mut self, db: &'a Database) -> Result<(), ComponentError> {
        self.stop.send_replace(true);
        while self.writer.join_next().await.is_some() {}
        *lock(&self.shared.state) = Writer::Stopped; // also after a task that had ended on its own
        self.shared.writable.store(false, Ordering::Release);
        let final_shutdown = match &self.status {
            Some(status) => status.snapshot().shutting_down,
            None => false,
        };
        if self.status.is_some() && !final_shutdown {
            // a restart: the queue stays, for the next writer task
            return Ok(());
        }
        // what the task had taken and what is still queued, into the still-open database
        let db = db.handle();
        let mut delay = Duration::from_millis(10);
        for attempt in 1u64.. {
            let error = match self.shared.drain(&db).await {
                Ok(()) => return Ok(()),
                Err(error) => error,
            };
            if !final_shutdown {
                return Err(ComponentError::new(error));
            }
            let unstored = self.shared.unstored();
            if attempt.is_power_of_two() {
                tracing::warn!(attempt, unstored, %error, "the final drain failed; retrying until the shutdown deadline");
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(1));
        }
        unreachable!("the attempts outnumber u64")
    }

    fn health(&self) -> Health {
        match &*lock(&self.shared.state) {
            Writer::Running if !self.shared.writable.load(Ordering::Acquire) => {
                Health::Degraded("the writer has not written yet".into())
            }
            Writer::Running if !self.shared.accepting() => Health::Degraded("the queue is full".into()),
            Writer::Running => Health::Healthy,
            Writer::Stopped => Health::Unhealthy("the writer task is not running".into()),
            Writer::Ended(why) => Health::Unhealthy(format!("the writer task ended: {why}")),
        }
    }
}

/// Records how the writer task ended when it is dropped: as its outcome says, or, dropped
/// before it got one (a panic, an abort), as that. Either way no job is accepted until the
/// next task has written.
struct EndGuard {
    shared: Arc<Shared>,
    faults: Events<Fault>,
    outcome: Result<(), String>,
}

impl EndGuard {
    fn new(shared: Arc<Shared>, faults: Events<Fault>) -> Self {
        EndGuard { shared, faults, outcome: Err("panicked or was aborted".into()) }
    }

    fn end(mut self, outcome: Result<(), String>) {
        self.outcome = outcome;
    }
}

impl Drop for EndGuard {
    fn drop(&mut self) {
        self.shared.writable.store(false, Ordering::Release);
        let Err(why) = &self.outcome else {
            *lock(&self.shared.state) = Writer::Stopped;
            return;
        };
        self.shared.metrics.writer_restarts.increment(1);
        tracing::error!(error = %why, unstored = self.shared.unstored(), "the writer task ended; jobs are refused until it is restarted and writes");
        *lock(&self.shared.state) = Writer::Ended(why.clone());
        // then supervision restarts the worker at once, not at its next health check (with no
        // running orchestrator connected, the health check still tells)
        let _ = self.faults.try_emit(Fault::new(format!("the writer task ended: {why}")));
    }
}

/// The writer task: first reserves ids (a write: from then on jobs are accepted), then stores
/// what an earlier task left pending, then takes up to a batch of jobs at a time from the queue
/// and stores them in one transaction, until told to stop. An error ends it, with the jobs
/// still pending.
async fn write(db: Db, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) -> Result<(), BoxError> {
    let mut receiver = shared.receiver.clone().lock_owned().await;
    let above = lock(&shared.ids).end;
    let block = db.reserve_ids(above, shared.id_block).await?;
    lock(&shared.ids).add(block);
    shared.writable.store(true, Ordering::Release);
    let batch = shared.limits.batch;
    let mut received = Vec::with_capacity(batch);
    loop {
        shared.write_pending(&db).await?;
        tokio::select! {
            biased;
            // the rest stays queued: `cleanup` drains it
            _ = stop.changed() => return Ok(()),
            count = receiver.recv_many(&mut received, batch) => {
                if count == 0 {
                    return Ok(()); // every sender is gone: the worker itself was dropped
                }
                lock(&shared.pending).append(&mut received);
            }
        }
    }
}

/// Submits jobs to a [`Worker`]'s queue, without waiting: what the HTTP server holds. Cheap to
/// clone.
#[derive(Clone)]
pub struct Submitter {
    shared: Arc<Shared>,
}

/// Why a job was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejected {
    /// The body is not a job (not one JSON object): `400`.
    Invalid(String),
    /// The queue is full (in jobs or in bytes): the writer is behind.
    Full,
    /// The writer cannot write now (it is being restarted, or its last write failed).
    Unavailable,
    /// The service is stopping.
    Stopping,
    /// The worker, or the orchestrator that serves the calls, is gone.
    Closed,
    /// The call failed on the orchestrator (it panicked): `500`.
    Failed(String),
}

/// A coordination method called while the orchestrator is not `Ready` (starting, restarting,
/// stopped): the job cannot be stored now.
impl From<NotReady> for Rejected {
    fn from(_: NotReady) -> Self {
        Rejected::Unavailable
    }
}

impl Rejected {
    /// Why, in a few words.
    #[must_use]
    pub fn reason(&self) -> &str {
        match self {
            Rejected::Invalid(why) | Rejected::Failed(why) => why,
            Rejected::Full => "the queue is full",
            Rejected::Unavailable => "the database cannot be written now",
            Rejected::Stopping => "the service is stopping",
            Rejected::Closed => "the service is not running",
        }
    }
}

impl Submitter {
    /// Queues a job with this payload and returns its id; once this returns, the job is stored
    /// before the worker stops, unless the process dies first or the shutdown deadline passes
    /// while the database cannot be written (then it counts in [`WorkerHandle::unstored`]).
    ///
    /// # Errors
    /// [`Rejected`] when the queue is full, the writer cannot write now or the worker is gone;
    /// no id is used then.
    pub fn submit(&self, payload: Box<str>) -> Result<i64, Rejected> {
        let shared = &self.shared;
        if !shared.writable.load(Ordering::Acquire) {
            shared.metrics.rejected_unavailable.increment(1);
            return Err(Rejected::Unavailable);
        }
        let weight = weight(payload.len());
        if !shared.take_room(weight) {
            shared.metrics.rejected_full.increment(1);
            return Err(Rejected::Full);
        }
        // ids run out only when nothing was written for half a block of jobs
        let Some(id) = shared.next_id() else {
            shared.give_room(1, weight);
            shared.metrics.rejected_full.increment(1);
            return Err(Rejected::Full);
        };
        // counted before it is sent: the writer may store it at once
        shared.accepted.fetch_add(1, Ordering::AcqRel);
        if shared.sender.send(Job { id, payload, accepted_at: now_ms() }).is_err() {
            shared.accepted.fetch_sub(1, Ordering::AcqRel);
            shared.give_room(1, weight);
            return Err(Rejected::Closed);
        }
        shared.metrics.accepted.increment(1);
        Ok(id)
    }

    /// Whether a job submitted now would be accepted: [`Rejected`] says why not.
    ///
    /// # Errors
    /// [`Rejected::Unavailable`] while the writer cannot write, [`Rejected::Full`] while the
    /// queue is full.
    pub fn ready(&self) -> Result<(), Rejected> {
        if !self.shared.writable.load(Ordering::Acquire) {
            Err(Rejected::Unavailable)
        } else if !self.shared.accepting() {
            Err(Rejected::Full)
        } else {
            Ok(())
        }
    }
}

fn now_ms() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// A [`Worker`]'s view for other tasks (and its kill switch). Cheap to clone.
#[derive(Clone)]
pub struct WorkerHandle {
    kill: Arc<watch::Sender<u64>>,
    shared: Arc<Shared>,
}

impl WorkerHandle {
    /// Fault injection: ends the running writer task at whatever `.await` it is at, as a panic
    /// or an abort would, with the jobs it holds not stored. The worker then reports
    /// `Unhealthy` and a supervised run restarts it. Does nothing when no task runs.
    pub fn kill_task(&self) {
        self.kill.send_modify(|kills| *kills += 1);
    }

    /// Whether the writer task is running.
    #[must_use]
    pub fn is_writing(&self) -> bool {
        *lock(&self.shared.state) == Writer::Running
    }

    /// Whether the writer task runs and can write: jobs are accepted (room permitting).
    #[must_use]
    pub fn is_writable(&self) -> bool {
        self.shared.writable.load(Ordering::Acquire)
    }

    /// Jobs taken from the queue and not stored yet (being written, or left by a writer task
    /// that ended before it stored them).
    #[must_use]
    pub fn pending(&self) -> usize {
        lock(&self.shared.pending).len()
    }

    /// Jobs accepted and not stored yet, and the bytes they hold ([`Job::weight`]).
    #[must_use]
    pub fn queued(&self) -> (usize, usize) {
        (self.shared.queued_jobs.load(Ordering::Acquire), self.shared.queued_bytes.load(Ordering::Acquire))
    }

    /// Jobs accepted so far.
    #[must_use]
    pub fn accepted(&self) -> u64 {
        self.shared.accepted.load(Ordering::Acquire)
    }

    /// Rows the worker stored so far.
    #[must_use]
    pub fn written(&self) -> u64 {
        self.shared.stored.load(Ordering::Acquire)
    }

    /// Jobs accepted and not stored: after the run has returned, the jobs it lost.
    #[must_use]
    pub fn unstored(&self) -> u64 {
        self.shared.unstored()
    }

    /// The ids handed out so far are at most this; ids above it were never given.
    #[must_use]
    pub fn last_id(&self) -> i64 {
        lock(&self.shared.ids).last
    }
}
