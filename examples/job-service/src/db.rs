//! The [`Database`] component: the SQLite file the jobs are written to.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use orchestrator::AsyncComponent;
use orchestrator::prelude::*;
use rusqlite::Connection;

use crate::BoxError;

/// A job as the queue carries it and the table stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Its id, given when it was accepted: the table's primary key.
    pub id: i64,
    /// The JSON document it was submitted with.
    pub payload: String,
    /// When it was accepted, in milliseconds since the Unix epoch.
    pub accepted_at: i64,
}

/// The schema: the id is the key, so that writing a job twice stores it once.
const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    payload TEXT NOT NULL,
    accepted_at INTEGER NOT NULL
)";

/// The database: opens the file (and creates the table) in `init`, closes it in `cleanup`, and
/// hands the components that write to it a [`Db`].
pub struct Database {
    path: PathBuf,
    busy_timeout: Duration,
    db: Db,
}

impl Database {
    /// The database in the file at `path`, created on first use; nothing is opened before
    /// `init`. A write waits up to `busy_timeout` for another connection's lock on the file,
    /// then fails.
    #[must_use]
    pub fn new(path: impl Into<PathBuf>, busy_timeout: Duration) -> Self {
        Database { path: path.into(), busy_timeout, db: Db { connection: Arc::default(), open: Arc::default() } }
    }

    /// A handle on the connection, for a task that writes while the database is open.
    #[must_use]
    pub fn handle(&self) -> Db {
        self.db.clone()
    }
}

impl AsyncComponent for Database {
    async fn init(&mut self) -> Result<(), ComponentError> {
        let (path, busy_timeout, db) = (self.path.clone(), self.busy_timeout, self.db.clone());
        tokio::task::spawn_blocking(move || {
            *db.lock() = Some(open(&path, busy_timeout)?);
            db.open.store(true, Ordering::SeqCst);
            Ok::<_, rusqlite::Error>(())
        })
        .await??;
        Ok(())
    }

    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.db.open.store(false, Ordering::SeqCst);
        let db = self.db.clone();
        // waits for a write in progress; closing checkpoints the write-ahead log into the file
        tokio::task::spawn_blocking(move || match db.lock().take() {
            Some(connection) => connection.close().map_err(|(_, error)| error),
            None => Ok(()),
        })
        .await??;
        Ok(())
    }

    fn health(&self) -> Health {
        if self.db.open.load(Ordering::SeqCst) {
            Health::Healthy
        } else {
            Health::Unhealthy("the database is closed".into())
        }
    }
}

/// Opens the file with a write-ahead log and creates the table.
fn open(path: &Path, busy_timeout: Duration) -> rusqlite::Result<Connection> {
    let connection = Connection::open(path)?;
    connection.busy_timeout(busy_timeout)?;
    // the pragma answers with the mode it set
    let _mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.execute_batch(SCHEMA)?;
    Ok(connection)
}

/// The open connection, shared by [`Database`] and the tasks that write through it. The
/// database's `cleanup` closes it: a handle used after that gets an error instead of writing to
/// a closed file.
#[derive(Clone)]
pub struct Db {
    /// The connection while the database is open. Every use is one blocking call, made through
    /// `spawn_blocking`: the lock is taken on the blocking pool only, never across an `.await`.
    connection: Arc<Mutex<Option<Connection>>>,
    /// Whether it is open, readable without waiting for a write in progress.
    open: Arc<AtomicBool>,
}

impl Db {
    fn lock(&self) -> MutexGuard<'_, Option<Connection>> {
        self.connection.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the open connection, on the blocking pool.
    async fn with<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<R, BoxError> + Send + 'static,
    ) -> Result<R, BoxError> {
        let db = self.clone();
        tokio::task::spawn_blocking(move || match db.lock().as_mut() {
            Some(connection) => f(connection),
            None => Err("the database is closed".into()),
        })
        .await?
    }

    /// The highest job id stored (0 for none).
    ///
    /// # Errors
    /// A closed database, or SQLite's error.
    pub async fn last_id(&self) -> Result<i64, BoxError> {
        self.with(|connection| Ok(connection.query_row("SELECT COALESCE(MAX(id), 0) FROM jobs", [], |row| row.get(0))?))
            .await
    }

    /// Writes the jobs in `pending` in one transaction, then removes them from it: a job leaves
    /// `pending` only once it is stored. A job whose id is already stored is skipped, so a batch
    /// written again (its writer was cut off after the commit, or two writers overlap across a
    /// restart) is stored once. Returns how many rows were new.
    ///
    /// # Errors
    /// A closed database, or SQLite's error (a lock another connection holds past the busy
    /// timeout, a full disk); `pending` then keeps every job.
    pub async fn write_pending(&self, pending: Arc<Mutex<Vec<Job>>>) -> Result<usize, BoxError> {
        let jobs = pending.lock().unwrap_or_else(PoisonError::into_inner).clone();
        if jobs.is_empty() {
            return Ok(0);
        }
        let new = self
            .with(move |connection| {
                let transaction = connection.transaction()?;
                let mut new = 0;
                {
                    let mut insert = transaction
                        .prepare("INSERT OR IGNORE INTO jobs (id, payload, accepted_at) VALUES (?1, ?2, ?3)")?;
                    for job in &jobs {
                        new += insert.execute((job.id, &job.payload, job.accepted_at))?;
                    }
                }
                transaction.commit()?;
                let stored: HashSet<i64> = jobs.iter().map(|job| job.id).collect();
                pending.lock().unwrap_or_else(PoisonError::into_inner).retain(|job| !stored.contains(&job.id));
                Ok(new)
            })
            .await?;
        Ok(new)
    }
}
