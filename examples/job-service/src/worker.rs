//! The [`Worker`] component: a task that writes the queued jobs to the database.
//!
//! The queue outlives the task. It is made with the worker and kept across its restarts, so
//! the sender the HTTP server holds stays valid while the task is restarted, and a job the task
//! took from the queue but had not stored yet is stored by the next one.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use orchestrator::AsyncUses;
use orchestrator::prelude::*;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use crate::BoxError;
use crate::db::{Database, Db, Job};

/// The worker: starts its writer task against the database in `init`; in `cleanup` stops it
/// and writes what is still queued into the database, which is still open then. `health()` is
/// `Unhealthy` once the task has ended on its own (an error, a panic, [`WorkerHandle::kill_task`]),
/// so that supervision restarts the worker.
pub struct Worker {
    queue: Queue,
    /// Jobs per transaction, at most.
    batch: usize,
    /// The writer task while the worker runs (a `JoinSet` aborts it if the worker is dropped).
    writer: JoinSet<()>,
    /// Tells the running writer task to stop (a new channel for each task).
    stop: watch::Sender<bool>,
    /// What the writer task is doing, for `health()` and the handle.
    state: Arc<Mutex<Writer>>,
    /// Counts the kills asked for through the handle; each task watches it from its start.
    kill: Arc<watch::Sender<u64>>,
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

/// The bounded channel and the jobs taken from it but not stored yet.
#[derive(Clone)]
struct Queue {
    sender: mpsc::Sender<Job>,
    /// Held by the running writer task; free again the moment that task ends, however it ends.
    receiver: Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>,
    /// Taken from the channel, not stored yet: a job moves here with no `.await` in between,
    /// and leaves only in the transaction that stores it.
    pending: Arc<Mutex<Vec<Job>>>,
    /// The last id given to a job.
    last_id: Arc<AtomicI64>,
    /// Rows this worker stored.
    written: Arc<AtomicU64>,
}

impl Queue {
    /// Moves what is queued now into `pending` and writes it (and anything already pending).
    /// Jobs queued meanwhile stay queued, for the next writer task.
    async fn drain(&self, db: &Db) -> Result<(), BoxError> {
        {
            let mut receiver = self.receiver.lock().await;
            let mut pending = lock(&self.pending);
            for _ in 0..receiver.len() {
                match receiver.try_recv() {
                    Ok(job) => pending.push(job),
                    Err(_) => break,
                }
            }
        }
        self.write_pending(db).await
    }

    async fn write_pending(&self, db: &Db) -> Result<(), BoxError> {
        let stored = db.write_pending(self.pending.clone()).await?;
        self.written.fetch_add(stored as u64, Ordering::Relaxed);
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Worker {
    /// A worker whose queue holds up to `capacity` jobs and whose task writes up to `batch` jobs
    /// per transaction (both at least 1).
    #[must_use]
    pub fn new(capacity: usize, batch: usize) -> Self {
        let (sender, receiver) = mpsc::channel(capacity.max(1));
        let queue = Queue {
            sender,
            receiver: Arc::new(tokio::sync::Mutex::new(receiver)),
            pending: Arc::default(),
            last_id: Arc::default(),
            written: Arc::default(),
        };
        Worker {
            queue,
            batch: batch.max(1),
            writer: JoinSet::new(),
            stop: watch::channel(false).0,
            state: Arc::new(Mutex::new(Writer::Stopped)),
            kill: Arc::new(watch::channel(0).0),
        }
    }

    /// Where jobs are submitted: valid for the worker's whole life, across restarts of its task.
    #[must_use]
    pub fn submitter(&self) -> Submitter {
        Submitter { sender: self.queue.sender.clone(), last_id: self.queue.last_id.clone() }
    }

    /// A handle for other tasks: the writer's state, the rows written, and a kill switch.
    #[must_use]
    pub fn handle(&self) -> WorkerHandle {
        WorkerHandle {
            kill: self.kill.clone(),
            state: self.state.clone(),
            pending: self.queue.pending.clone(),
            written: self.queue.written.clone(),
        }
    }
}

impl<'a> AsyncUses<&'a Database> for Worker {
    async fn init(&mut self, db: &'a Database) -> Result<(), ComponentError> {
        let db = db.handle();
        // ids go on after the last stored one, also in a database written by an earlier run
        let last = db.last_id().await.map_err(ComponentError::new)?;
        self.queue.last_id.fetch_max(last, Ordering::SeqCst);
        let (stop, stopped) = watch::channel(false);
        self.stop = stop;
        let mut kill = self.kill.subscribe();
        let task = write(db, self.queue.clone(), self.batch, stopped);
        *lock(&self.state) = Writer::Running;
        let ended = EndGuard::new(self.state.clone());
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
        *lock(&self.state) = Writer::Stopped; // also after a task that had ended on its own
        // what the task had taken and what is still queued, into the still-open database
        self.queue.drain(&db.handle()).await.map_err(ComponentError::new)
    }

    fn health(&self) -> Health {
        match &*lock(&self.state) {
            Writer::Running if self.queue.sender.capacity() == 0 => Health::Degraded("the queue is full".into()),
            Writer::Running => Health::Healthy,
            Writer::Stopped => Health::Unhealthy("the writer task is not running".into()),
            Writer::Ended(why) => Health::Unhealthy(format!("the writer task ended: {why}")),
        }
    }
}

/// Records how the writer task ended when it is dropped: as its outcome says, or, dropped
/// before it got one (a panic, an abort), as that.
struct EndGuard {
    state: Arc<Mutex<Writer>>,
    outcome: Result<(), String>,
}

impl EndGuard {
    fn new(state: Arc<Mutex<Writer>>) -> Self {
        EndGuard { state, outcome: Err("panicked or was aborted".into()) }
    }

    fn end(mut self, outcome: Result<(), String>) {
        self.outcome = outcome;
    }
}

impl Drop for EndGuard {
    fn drop(&mut self) {
        *lock(&self.state) = match &self.outcome {
            Ok(()) => Writer::Stopped,
            Err(why) => Writer::Ended(why.clone()),
        };
    }
}

/// The writer task: stores what an earlier task left pending, then takes up to `batch` jobs at
/// a time from the queue and stores them in one transaction, until told to stop. An error ends
/// it, with the jobs still pending.
async fn write(db: Db, queue: Queue, batch: usize, mut stop: watch::Receiver<bool>) -> Result<(), BoxError> {
    let mut receiver = queue.receiver.clone().lock_owned().await;
    let mut received = Vec::with_capacity(batch);
    loop {
        queue.write_pending(&db).await?;
        tokio::select! {
            biased;
            // the rest stays queued: `cleanup` drains it
            _ = stop.changed() => return Ok(()),
            count = receiver.recv_many(&mut received, batch) => {
                if count == 0 {
                    return Ok(()); // every sender is gone: the worker itself was dropped
                }
                lock(&queue.pending).append(&mut received);
            }
        }
    }
}

/// Submits jobs to a [`Worker`]'s queue, without waiting: what the HTTP server holds.
#[derive(Clone)]
pub struct Submitter {
    sender: mpsc::Sender<Job>,
    last_id: Arc<AtomicI64>,
}

/// Why a job was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// The queue is full: the writer is behind, or not running.
    Full,
    /// The worker is gone.
    Closed,
}

impl Submitter {
    /// Queues a job with this payload and returns its id; once this returns, the job is stored
    /// before the worker stops.
    ///
    /// # Errors
    /// [`Rejected`] when the queue is full or the worker is gone; no id is used then.
    pub fn submit(&self, payload: String) -> Result<i64, Rejected> {
        let permit = self.sender.try_reserve().map_err(|error| match error {
            mpsc::error::TrySendError::Full(()) => Rejected::Full,
            mpsc::error::TrySendError::Closed(()) => Rejected::Closed,
        })?;
        let id = self.last_id.fetch_add(1, Ordering::SeqCst) + 1;
        permit.send(Job { id, payload, accepted_at: now_ms() });
        Ok(id)
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
    state: Arc<Mutex<Writer>>,
    pending: Arc<Mutex<Vec<Job>>>,
    written: Arc<AtomicU64>,
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
        *lock(&self.state) == Writer::Running
    }

    /// Jobs taken from the queue and not stored yet (being written, or left by a writer task
    /// that ended before it stored them).
    #[must_use]
    pub fn pending(&self) -> usize {
        lock(&self.pending).len()
    }

    /// Rows the worker stored so far.
    #[must_use]
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }
}
