//! The [`Database`] component: the SQLite file the jobs are written to.
//!
//! One process writes a database at a time: `init` takes an exclusive lock on a file next to
//! it (`jobs.db.lock` for `jobs.db`), so a second instance on the same file refuses to start
//! with an error that names the lock, instead of the two of them interleaving their ids.
//! Ids are reserved durably before they are handed out (a row of the `meta` table holds the
//! highest id this database may ever have given), so an id that a `202` returned names that
//! job for ever, also after the process was killed before the job was stored.

use std::collections::HashSet;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use orchestrator::AsyncComponent;
use orchestrator::prelude::*;
use rusqlite::{Connection, TransactionBehavior};

use crate::BoxError;

/// A job as the queue carries it and the table stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Its id, given when it was accepted: the table's primary key.
    pub id: i64,
    /// The JSON object it was submitted with, byte for byte.
    pub payload: Box<str>,
    /// When it was accepted, in milliseconds since the Unix epoch.
    pub accepted_at: i64,
}

impl Job {
    /// What it counts for in the queue's memory bound: its payload and a fixed overhead for
    /// the rest (the struct, the channel's slot, the pending list's slot).
    #[must_use]
    pub fn weight(&self) -> usize {
        weight(self.payload.len())
    }
}

/// The memory a job of `payload` bytes holds while it is queued.
#[must_use]
pub fn weight(payload: usize) -> usize {
    payload + 64
}

/// The schema: the id is the key, so that writing a job twice stores it once; `meta` holds the
/// highest id reserved (`reserved_id`), never lowered.
const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    payload TEXT NOT NULL,
    accepted_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT OR IGNORE INTO meta (key, value) VALUES ('reserved_id', (SELECT COALESCE(MAX(id), 0) FROM jobs));";

/// The database: takes the file's lock and opens the file (creating the tables) in `init`;
/// closes it and releases the lock in `cleanup`; hands the components that write to it a
/// [`Db`]. `health()` is `Unhealthy` once the file at its path is not the one it opened (it was
/// deleted or replaced): supervision then restarts it, which opens the file now at the path.
pub struct Database {
    path: PathBuf,
    busy_timeout: Duration,
    db: Db,
    /// The lock on `<path>.lock`, held from `init` to `cleanup`.
    lock: Option<File>,
}

impl Database {
    /// The database in the file at `path`, created on first use; nothing is opened before
    /// `init`. A write waits up to `busy_timeout` for another connection's lock on the file,
    /// then fails.
    #[must_use]
    pub fn new(path: impl Into<PathBuf>, busy_timeout: Duration) -> Self {
        let path = path.into();
        let db = Db { shared: Arc::new(Shared { path: path.clone(), ..Shared::default() }) };
        Database { path, busy_timeout, db, lock: None }
    }

    /// A handle on the connection, for a task that writes while the database is open.
    #[must_use]
    pub fn handle(&self) -> Db {
        self.db.clone()
    }

    /// The lock file of the database at `path`.
    #[must_use]
    pub fn lock_path(path: &Path) -> PathBuf {
        let mut name = path.as_os_str().to_owned();
        name.push(".lock");
        PathBuf::from(name)
    }
}

/// Another process holds the database's lock.
#[derive(Debug)]
pub struct Locked(PathBuf);

impl std::fmt::Display for Locked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "another process holds {}: one process writes a database at a time (stop the other instance, or give \
             this one a database of its own)",
            self.0.display()
        )
    }
}

impl std::error::Error for Locked {}

impl AsyncComponent for Database {
    async fn init(&mut self) -> Result<(), ComponentError> {
        if self.lock.is_none() {
            let lock_path = Database::lock_path(&self.path);
            let file = File::options().create(true).truncate(false).write(true).open(&lock_path)?;
            match file.try_lock() {
                Ok(()) => self.lock = Some(file),
                Err(TryLockError::WouldBlock) => return Err(ComponentError::new(Locked(lock_path))),
                Err(TryLockError::Error(error)) => return Err(error.into()),
            }
        }
        let (path, busy_timeout, db) = (self.path.clone(), self.busy_timeout, self.db.clone());
        let opened = tokio::task::spawn_blocking(move || {
            let connection = open(&path, busy_timeout)?;
            *db.shared.identity.lock().unwrap_or_else(PoisonError::into_inner) = identity(&path);
            *db.lock() = Some(connection);
            db.shared.open.store(true, Ordering::SeqCst);
            Ok::<_, BoxError>(())
        })
        .await;
        if !matches!(opened, Ok(Ok(()))) {
            // not initialized: the lock goes too (a cut-off `init` keeps it until the next one)
            self.lock = None;
        }
        opened?.map_err(ComponentError::new)
    }

    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.db.shared.open.store(false, Ordering::SeqCst);
        let db = self.db.clone();
        // waits for a write in progress; closing checkpoints the write-ahead log into the file
        let closed = tokio::task::spawn_blocking(move || match db.lock().take() {
            Some(connection) => connection.close().map_err(|(_, error)| error),
            None => Ok(()),
        })
        .await;
        // the lock goes with the connection, whatever the close said
        self.lock = None;
        closed??;
        Ok(())
    }

    fn health(&self) -> Health {
        if !self.db.shared.open.load(Ordering::SeqCst) {
            Health::Unhealthy("the database is closed".into())
        } else if self.db.replaced() {
            Health::Unhealthy(format!("{} was deleted or replaced", self.path.display()))
        } else {
            Health::Healthy
        }
    }
}

/// Opens the file with a write-ahead log and creates the tables, in a write transaction: a
/// file that cannot be written (read-only, locked past the busy timeout) fails here, at start.
fn open(path: &Path, busy_timeout: Duration) -> rusqlite::Result<Connection> {
    let mut connection = Connection::open(path)?;
    connection.busy_timeout(busy_timeout)?;
    // the pragma answers with the mode it set
    let _mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    transaction.execute_batch(SCHEMA)?;
    transaction.commit()?;
    Ok(connection)
}

/// The file's device and inode, `None` if it does not exist (or on a platform without them).
fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|meta| (meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[derive(Default)]
struct Shared {
    path: PathBuf,
    /// The connection while the database is open. Every use is one blocking call, made through
    /// `spawn_blocking`: the lock is taken on the blocking pool only, never across an `.await`.
    connection: Mutex<Option<Connection>>,
    /// Whether it is open, readable without waiting for a write in progress.
    open: AtomicBool,
    /// The identity of the file that was opened.
    identity: Mutex<Option<(u64, u64)>>,
}

/// The open connection, shared by [`Database`] and the tasks that write through it. The
/// database's `cleanup` closes it: a handle used after that gets an error instead of writing to
/// a closed file.
#[derive(Clone)]
pub struct Db {
    shared: Arc<Shared>,
}

/// What a batch write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    /// Jobs that left the pending list: stored now, or found stored already.
    pub jobs: usize,
    /// Their weight ([`Job::weight`]), summed.
    pub weight: usize,
    /// Rows that were new.
    pub new: usize,
}

impl Db {
    fn lock(&self) -> MutexGuard<'_, Option<Connection>> {
        self.shared.connection.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether the file at the database's path is not the one it opened: it was deleted or
    /// replaced, and what is written through the open connection would be lost with it.
    #[must_use]
    pub fn replaced(&self) -> bool {
        #[cfg(unix)]
        {
            let opened = *self.shared.identity.lock().unwrap_or_else(PoisonError::into_inner);
            opened.is_some() && identity(&self.shared.path) != opened
        }
        #[cfg(not(unix))]
        false
    }

    /// Runs `f` on the open connection, on the blocking pool. `f` runs to its end once started,
    /// even if this future is dropped.
    async fn with<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Db, &mut Connection) -> Result<R, BoxError> + Send + 'static,
    ) -> Result<R, BoxError> {
        let db = self.clone();
        tokio::task::spawn_blocking(move || match db.lock().as_mut() {
            Some(connection) => f(&db, connection),
            None => Err("the database is closed".into()),
        })
        .await?
    }

    /// Reserves ids durably, before any is handed out: ids go on after `last` (the highest id
    /// this process gave), the highest id stored and the highest id any earlier run reserved,
    /// whichever is highest; `block` more are reserved past that, committed before this
    /// returns. Returns the id to go on after and the highest reserved id. A write: a file that
    /// cannot be written fails here.
    ///
    /// # Errors
    /// A closed database, or SQLite's error (the file is locked, read-only, full).
    pub async fn reserve_ids(&self, last: i64, block: i64) -> Result<(i64, i64), BoxError> {
        self.with(move |_, connection| {
            let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let reserved: i64 =
                transaction.query_row("SELECT value FROM meta WHERE key = 'reserved_id'", [], |row| row.get(0))?;
            let stored: i64 = transaction.query_row("SELECT COALESCE(MAX(id), 0) FROM jobs", [], |row| row.get(0))?;
            let start = last.max(reserved).max(stored);
            let up_to = start.saturating_add(block);
            transaction.execute("UPDATE meta SET value = ?1 WHERE key = 'reserved_id'", [up_to])?;
            transaction.commit()?;
            Ok((start, up_to))
        })
        .await
    }

    /// Writes the jobs in `pending` in one transaction, then removes them from it and calls
    /// `stored` with what was removed: a job leaves `pending` only once it is stored, and only
    /// if the file at the database's path is still the one written (a batch written into a
    /// deleted file stays pending, for the file that replaces it). A job whose id is already
    /// stored is skipped, so a batch written again (its writer was cut off after the commit) is
    /// stored once. `reserve` (when `Some`) raises the highest reserved id in the same
    /// transaction. Once started on the blocking pool, the write, the removal and `stored` run
    /// to their end even if this future is dropped.
    ///
    /// # Errors
    /// A closed, deleted or replaced database, or SQLite's error (a lock another connection
    /// holds past the busy timeout, a full disk, a read-only file); `pending` then keeps every
    /// job.
    pub async fn write_pending(
        &self,
        pending: Arc<Mutex<Vec<Job>>>,
        reserve: Option<i64>,
        stored: impl FnOnce(Written) + Send + 'static,
    ) -> Result<Written, BoxError> {
        let jobs = pending.lock().unwrap_or_else(PoisonError::into_inner).clone();
        if jobs.is_empty() && reserve.is_none() {
            return Ok(Written::default());
        }
        self.with(move |db, connection| {
            let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut new = 0;
            {
                let mut insert =
                    transaction.prepare("INSERT OR IGNORE INTO jobs (id, payload, accepted_at) VALUES (?1, ?2, ?3)")?;
                for job in &jobs {
                    new += insert.execute((job.id, &*job.payload, job.accepted_at))?;
                }
            }
            if let Some(up_to) = reserve {
                transaction.execute("UPDATE meta SET value = MAX(value, ?1) WHERE key = 'reserved_id'", [up_to])?;
            }
            transaction.commit()?;
            if db.replaced() {
                return Err(format!("{} was deleted or replaced", db.shared.path.display()).into());
            }
            let ids: HashSet<i64> = jobs.iter().map(|job| job.id).collect();
            // counts what this call removes: a write cut off earlier may have removed some
            let mut written = Written { new, ..Written::default() };
            pending.lock().unwrap_or_else(PoisonError::into_inner).retain(|job| {
                let keep = !ids.contains(&job.id);
                if !keep {
                    written.jobs += 1;
                    written.weight += job.weight();
                }
                keep
            });
            stored(written);
            Ok(written)
        })
        .await
    }
}
