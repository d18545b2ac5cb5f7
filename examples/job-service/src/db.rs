//! The [`Database`] component: where the jobs are written, an embedded SQLite file or (the
//! `postgres` feature) a PostgreSQL server that several replicas share.
//!
//! One process writes a SQLite file at a time: `init` takes an exclusive lock on a file next to
//! it (`jobs.db.lock` for `jobs.db`), so a second instance on the same file refuses to start
//! with an error that names the lock. PostgreSQL takes any number of writers.
//!
//! Ids are reserved durably, in blocks, before they are handed out: a row of the `meta` table
//! holds the highest id any process may ever have given, and a reservation raises it in a
//! committed transaction and takes the block below it. So an id that a `202` returned names
//! that job for ever, also after the process was killed before the job was stored, and several
//! replicas never give the same id.

use std::collections::HashSet;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, Emits, Events, Fault};
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
    /// The lock on `<path>.lock`, held from `init` to `cleanup` (SQLite).
    lock: Option<File>,
}

/// Whether `target` names a PostgreSQL server (`postgres://...` or `postgresql://...`) rather
/// than a SQLite file.
#[must_use]
pub fn is_postgres(target: &Path) -> bool {
    target.to_str().is_some_and(|t| t.starts_with("postgres://") || t.starts_with("postgresql://"))
}

/// The database reports its own failure the moment a write finds the file replaced: the running
/// orchestrator's supervision reopens it at once.
impl Emits<Fault> for Database {
    fn events(&self) -> &Events<Fault> {
        &self.db.shared.faults
    }
}

impl Database {
    /// The database in the file at `path`, created on first use; nothing is opened before
    /// `init`. A write waits up to `busy_timeout` for another connection's lock on the file,
    /// then fails.
    #[must_use]
    pub fn new(path: impl Into<PathBuf>, busy_timeout: Duration) -> Self {
        let path = path.into();
        let shared = Shared { path: path.clone(), postgres: is_postgres(&path), busy_timeout, ..Shared::default() };
        Database { path, busy_timeout, db: Db { shared: Arc::new(shared) }, lock: None }
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
        if self.db.shared.postgres {
            #[cfg(feature = "postgres")]
            return postgres::open(&self.db).await.map_err(ComponentError::new);
            #[cfg(not(feature = "postgres"))]
            return Err(ComponentError::msg(
                "a PostgreSQL database needs the `postgres` feature: cargo build -p job-service --features postgres",
            ));
        }
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
        if self.db.shared.postgres {
            #[cfg(feature = "postgres")]
            postgres::close(&self.db);
            return Ok(());
        }
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
            Health::Unhealthy(format!("{} was deleted or replaced", self.db.shared.shown()))
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
    /// PostgreSQL, not SQLite.
    postgres: bool,
    /// How long a PostgreSQL transaction may take (SQLite's connection has its own busy timeout).
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    busy_timeout: Duration,
    /// The pool while the database is open (PostgreSQL).
    #[cfg(feature = "postgres")]
    pool: Mutex<Option<deadpool_postgres::Pool>>,
    /// The connection while the database is open. Every use is one blocking call, made through
    /// `spawn_blocking`: the lock is taken on the blocking pool only, never across an `.await`.
    connection: Mutex<Option<Connection>>,
    /// Whether it is open, readable without waiting for a write in progress.
    open: AtomicBool,
    /// The identity of the file that was opened.
    identity: Mutex<Option<(u64, u64)>>,
    /// The database's own failures.
    faults: Events<Fault>,
}

impl Shared {
    /// The database as logs show it: the file's path, or the server without its password.
    fn shown(&self) -> String {
        if self.postgres { "the PostgreSQL database".to_owned() } else { self.path.display().to_string() }
    }
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
    /// The block of ids reserved in the same transaction, if one was asked for: the ids above
    /// the first number, up to and including the second.
    pub reserved: Option<(i64, i64)>,
}

/// The statement that reserves a block of ids: the highest reserved id becomes the highest of
/// itself and `?1` (the highest id this process gave), plus `?2`; the block is below it.
const RESERVE_SQLITE: &str = "UPDATE meta SET value = MAX(value, ?1) + ?2 WHERE key = 'reserved_id' RETURNING value";

impl Db {
    fn lock(&self) -> MutexGuard<'_, Option<Connection>> {
        self.shared.connection.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An error if the file at the path is not the one written (see [`replaced`](Self::replaced)),
    /// reported to the orchestrator as the database's fault.
    fn check_file(&self) -> Result<(), BoxError> {
        if !self.replaced() {
            return Ok(());
        }
        let why = format!("{} was deleted or replaced", self.shared.path.display());
        let _ = self.shared.faults.try_emit(Fault::new(&why));
        Err(why.into())
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

    /// Reserves a block of `block` ids durably, before any is handed out: above `last` (the
    /// highest id this process gave) and above every id any process reserved before (so above
    /// every id stored), committed before this returns. Returns the block: the ids above the
    /// first number, up to and including the second. A write: a database that cannot be
    /// written fails here.
    ///
    /// # Errors
    /// A closed database, or the database's error (locked, read-only, full, unreachable).
    pub async fn reserve_ids(&self, last: i64, block: i64) -> Result<(i64, i64), BoxError> {
        #[cfg(feature = "postgres")]
        if self.shared.postgres {
            return postgres::reserve_ids(self, last, block).await;
        }
        self.with(move |db, connection| {
            let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let up_to: i64 = transaction.query_row(RESERVE_SQLITE, [last, block], |row| row.get(0))?;
            transaction.commit()?;
            db.check_file()?;
            Ok((up_to - block, up_to))
        })
        .await
    }

    /// Writes the jobs in `pending` in one transaction, then removes them from it and calls
    /// `stored` with what was removed: a job leaves `pending` only once it is stored, and only
    /// if the file at the database's path is still the one written (a batch written into a
    /// deleted file stays pending, for the file that replaces it). A job whose id is already
    /// stored is skipped, so a batch written again (its writer was cut off after the commit) is
    /// stored once. `reserve` (when `Some((last, block))`) reserves a block of ids in the same
    /// transaction, as [`reserve_ids`](Self::reserve_ids) does. Once started (on the blocking
    /// pool, or a task of its own for PostgreSQL), the write, the removal and `stored` run to
    /// their end even if this future is dropped.
    ///
    /// # Errors
    /// A closed, deleted or replaced database, or SQLite's error (a lock another connection
    /// holds past the busy timeout, a full disk, a read-only file); `pending` then keeps every
    /// job.
    pub async fn write_pending(
        &self,
        pending: Arc<Mutex<Vec<Job>>>,
        reserve: Option<(i64, i64)>,
        stored: impl FnOnce(Written) + Send + 'static,
    ) -> Result<Written, BoxError> {
        let jobs = pending.lock().unwrap_or_else(PoisonError::into_inner).clone();
        if jobs.is_empty() && reserve.is_none() {
            return Ok(Written::default());
        }
        #[cfg(feature = "postgres")]
        if self.shared.postgres {
            return postgres::write(self, jobs, pending, reserve, stored).await;
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
            let reserved = match reserve {
                Some((last, block)) => {
                    let up_to: i64 = transaction.query_row(RESERVE_SQLITE, [last, block], |row| row.get(0))?;
                    Some((up_to - block, up_to))
                }
                None => None,
            };
            transaction.commit()?;
            db.check_file()?;
            Ok(remove_stored(&jobs, &pending, Written { new, reserved, ..Written::default() }, stored))
        })
        .await
    }
}

/// Removes `jobs` from `pending` once they are stored, counts what this removes (a write cut
/// off earlier may have removed some) into `written`, and calls `stored` with it.
fn remove_stored(
    jobs: &[Job],
    pending: &Mutex<Vec<Job>>,
    mut written: Written,
    stored: impl FnOnce(Written),
) -> Written {
    let ids: HashSet<i64> = jobs.iter().map(|job| job.id).collect();
    pending.lock().unwrap_or_else(PoisonError::into_inner).retain(|job| {
        let keep = !ids.contains(&job.id);
        if !keep {
            written.jobs += 1;
            written.weight += job.weight();
        }
        keep
    });
    stored(written);
    written
}

/// The PostgreSQL backend (the `postgres` feature): a pool of connections, the same two tables,
/// the same two writes. Payloads are `TEXT`, so that they are stored as posted (`jsonb` would
/// reorder keys and collapse duplicates).
#[cfg(feature = "postgres")]
mod postgres {
    use super::{BoxError, Db, Job, Ordering, PoisonError, Written, remove_stored};
    use std::sync::{Arc, Mutex};

    /// The schema, created once by whichever replica starts first (under an advisory lock, so
    /// that replicas starting together do not race on it).
    const SCHEMA: &str = "SELECT pg_advisory_xact_lock(7306822061398765);
CREATE TABLE IF NOT EXISTS jobs (
    id BIGINT PRIMARY KEY,
    payload TEXT NOT NULL,
    accepted_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('reserved_id', (SELECT COALESCE(MAX(id), 0) FROM jobs)) ON CONFLICT (key) DO NOTHING;";

    const RESERVE: &str = "UPDATE meta SET value = GREATEST(value, $1) + $2 WHERE key = 'reserved_id' RETURNING value";

    const INSERT: &str = "INSERT INTO jobs (id, payload, accepted_at) \
        SELECT * FROM UNNEST($1::int8[], $2::text[], $3::int8[]) ON CONFLICT (id) DO NOTHING";

    fn pool(db: &Db) -> Result<deadpool_postgres::Pool, BoxError> {
        let pool = db.shared.pool.lock().unwrap_or_else(PoisonError::into_inner).clone();
        pool.ok_or_else(|| "the database is closed".into())
    }

    /// Runs `f` on a task of its own (so that it finishes even if the caller's future is
    /// dropped), bounded by the busy timeout.
    async fn run<R: Send + 'static>(
        db: &Db,
        f: impl Future<Output = Result<R, BoxError>> + Send + 'static,
    ) -> Result<R, BoxError> {
        let timeout = db.shared.busy_timeout;
        let task = tokio::spawn(async move {
            match tokio::time::timeout(timeout, f).await {
                Ok(outcome) => outcome,
                Err(_) => Err(format!("no answer from PostgreSQL within {timeout:?}").into()),
            }
        });
        task.await?
    }

    /// Builds the pool and creates the tables: an unreachable server fails here, at start.
    pub(super) async fn open(db: &Db) -> Result<(), BoxError> {
        let url = db.shared.path.to_str().ok_or("the PostgreSQL URL is not UTF-8")?;
        let config: tokio_postgres::Config = url.parse()?;
        let manager = deadpool_postgres::Manager::from_config(
            config,
            tokio_postgres::NoTls,
            // a connection that was closed (the server restarted, pg_terminate_backend) is
            // replaced when it is taken from the pool
            deadpool_postgres::ManagerConfig { recycling_method: deadpool_postgres::RecyclingMethod::Fast },
        );
        let pool = deadpool_postgres::Pool::builder(manager).max_size(8).build()?;
        let schema_pool = pool.clone();
        run(db, async move {
            let mut client = schema_pool.get().await?;
            let transaction = client.transaction().await?;
            transaction.batch_execute(SCHEMA).await?;
            transaction.commit().await?;
            Ok(())
        })
        .await?;
        *db.shared.pool.lock().unwrap_or_else(PoisonError::into_inner) = Some(pool);
        db.shared.open.store(true, Ordering::SeqCst);
        Ok(())
    }

    pub(super) fn close(db: &Db) {
        if let Some(pool) = db.shared.pool.lock().unwrap_or_else(PoisonError::into_inner).take() {
            pool.close();
        }
    }

    pub(super) async fn reserve_ids(db: &Db, last: i64, block: i64) -> Result<(i64, i64), BoxError> {
        let pool = pool(db)?;
        run(db, async move {
            let client = pool.get().await?;
            let up_to: i64 = client.query_one(RESERVE, &[&last, &block]).await?.get(0);
            Ok((up_to - block, up_to))
        })
        .await
    }

    pub(super) async fn write(
        db: &Db,
        jobs: Vec<Job>,
        pending: Arc<Mutex<Vec<Job>>>,
        reserve: Option<(i64, i64)>,
        stored: impl FnOnce(Written) + Send + 'static,
    ) -> Result<Written, BoxError> {
        let pool = pool(db)?;
        run(db, async move {
            let mut client = pool.get().await?;
            let transaction = client.transaction().await?;
            let ids: Vec<i64> = jobs.iter().map(|job| job.id).collect();
            let payloads: Vec<&str> = jobs.iter().map(|job| &*job.payload).collect();
            let accepted: Vec<i64> = jobs.iter().map(|job| job.accepted_at).collect();
            let new = transaction.execute(INSERT, &[&ids, &payloads, &accepted]).await?;
            let reserved = match reserve {
                Some((last, block)) => {
                    let up_to: i64 = transaction.query_one(RESERVE, &[&last, &block]).await?.get(0);
                    Some((up_to - block, up_to))
                }
                None => None,
            };
            transaction.commit().await?;
            let new = usize::try_from(new).unwrap_or(usize::MAX);
            Ok(remove_stored(&jobs, &pending, Written { new, reserved, ..Written::default() }, stored))
        })
        .await
    }
}
