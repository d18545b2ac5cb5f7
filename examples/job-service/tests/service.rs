//! The job service as a client sees it: real sockets on 127.0.0.1, a real SQLite file in a
//! scratch directory, a supervised run stopped by the test. After each run the test reopens the
//! file and checks that every job the service accepted (`202`) is a row, and that no other is.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use hyper::{Method, StatusCode};
use job_service::{Config, Locked, job_service, supervision};
use orchestrator::prelude::*;
use orchestrator::{Exit, RunError};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_job_accepted_over_http_is_a_row_after_shutdown() {
    let scratch = Scratch::new("hundred");
    let service = start(config(&scratch)).await;
    let api = Arc::new(Api::new(service.address));

    let (status, health) = api.health().await;
    assert_eq!(status, StatusCode::OK, "{health}");
    assert_eq!((health["name"].as_str(), health["ready"].as_bool()), (Some("JobService"), Some(true)), "{health}");

    // 100 jobs from 10 clients at once
    let mut clients = tokio::task::JoinSet::new();
    for client in 0..10 {
        let api = api.clone();
        clients.spawn(async move {
            let mut accepted = Vec::new();
            for n in 0..10 {
                let payload = json!({ "client": client, "n": n });
                let id = api.submit(&payload).await.expect("the queue takes 100 jobs");
                accepted.push((id, payload));
            }
            accepted
        });
    }
    let accepted: BTreeMap<i64, Value> = clients.join_all().await.into_iter().flatten().collect();
    assert_eq!(accepted.len(), 100, "100 distinct ids");

    let handles = service.handles.clone();
    let (_, outcome, _) = service.stop().await;
    let report = outcome.unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.restarts, 0);
    assert_eq!((handles.worker.written(), handles.worker.unstored()), (100, 0));
    assert_stored(&scratch.database(), &accepted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_task_is_restarted_and_no_accepted_job_is_lost() {
    let scratch = Scratch::new("kill");
    let service = start(config(&scratch)).await;
    let handles = service.handles.clone();
    let api = Arc::new(Api::new(service.address));

    // 4 clients submit until told to stop (and at most 5,000 jobs each)
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicUsize::new(0));
    let mut clients = tokio::task::JoinSet::new();
    for client in 0..4 {
        let (api, stop, count) = (api.clone(), stop.clone(), count.clone());
        clients.spawn(async move {
            let (mut accepted, mut refused) = (Vec::new(), 0);
            for n in 0..5_000 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let payload = json!({ "client": client, "n": n });
                match api.submit(&payload).await {
                    Some(id) => {
                        accepted.push((id, payload));
                        count.fetch_add(1, Ordering::SeqCst);
                    }
                    None => refused += 1,
                }
            }
            (accepted, refused)
        });
    }

    // kill the writer twice while the jobs come in; supervision restarts it each time
    for kill in 1..=2 {
        let (seen, writer) = (count.load(Ordering::SeqCst), handles.worker.clone());
        wait_until("more jobs accepted", || count.load(Ordering::SeqCst) >= seen + 50).await;
        wait_until("the writer runs", || writer.is_writing()).await;
        writer.kill_task();
        wait_until("the worker restarted", || component_restarts(&handles, "worker") == kill).await;
    }
    let seen = count.load(Ordering::SeqCst);
    wait_until("jobs accepted after the last restart", || count.load(Ordering::SeqCst) >= seen + 50).await;
    stop.store(true, Ordering::SeqCst);
    let results = clients.join_all().await;
    let refused: usize = results.iter().map(|(_, refused)| refused).sum();
    let accepted: BTreeMap<i64, Value> = results.into_iter().flat_map(|(accepted, _)| accepted).collect();
    assert_eq!(accepted.len(), count.load(Ordering::SeqCst), "distinct ids");

    let (service, outcome, _) = service.stop().await;
    let report = outcome.unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.restarts, 2, "{report}");
    assert_eq!(component_restarts(&handles, "worker"), 2);
    assert_eq!(component_restarts(&handles, "http"), 0, "the server kept running: the worker restarts alone");
    assert!(service.status().last_failure.is_none(), "{}", service.status());
    assert_stored(&scratch.database(), &accepted);
    println!("{} jobs accepted, {refused} refused (writer restarting), across 2 kills", accepted.len());
}

/// Submits `payload(n)` for n = 0.. until the first refusal (at most `max`); the accepted jobs.
async fn submit_until_refused(api: &Api, max: usize, payload: impl Fn(usize) -> Value) -> BTreeMap<i64, Value> {
    let mut accepted = BTreeMap::new();
    for n in 0..max {
        let payload = payload(n);
        match api.submit(&payload).await {
            Some(id) => drop(accepted.insert(id, payload)),
            None => break,
        }
    }
    accepted
}

/// A batch whose write fails (another connection holds the file's write lock) stays pending
/// when the writer task ends with the error; the restarted worker stores it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_whose_write_failed_is_stored_after_the_restart() {
    let scratch = Scratch::new("busy");
    let config = Config { busy_timeout: Duration::from_millis(50), ..config(&scratch) };
    // restarts fail while the lock is held: a budget that outlasts it
    let supervision = supervision(&config).max_restarts(100, Duration::from_secs(60));
    let service = start_with(config, supervision).await;
    let handles = service.handles.clone();
    let api = Api::new(service.address);

    let blocker = Blocker::new(&scratch.database());
    // the writer proved it can write at its start: the first job is accepted, whatever follows
    let accepted = submit_until_refused(&api, 10, |n| json!({ "n": n })).await;
    assert!(!accepted.is_empty());
    let worker = handles.worker.clone();
    wait_until("a write failed with jobs pending", || worker.pending() > 0 && !worker.is_writing()).await;
    wait_until("supervision restarted the worker", || component_restarts(&handles, "worker") >= 1).await;
    blocker.release();
    let count = accepted.len() as u64;
    wait_until("the pending jobs are stored", || worker.pending() == 0 && worker.written() == count).await;

    let (_, outcome, _) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_stored(&scratch.database(), &accepted);
}

/// Issue 19, item 1: a second process on the same file would interleave ids with the first;
/// it refuses to start, and says why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_instance_on_the_same_file_refuses_to_start() {
    let scratch = Scratch::new("second");
    let first = start(config(&scratch)).await;
    let api = Api::new(first.address);
    let id = api.submit(&json!({ "first": true })).await.unwrap();

    let config = config(&scratch);
    let second = job_service(config.clone()).unwrap();
    let (mut service, inbox) = (second.service, second.inbox);
    let outcome =
        tokio::time::timeout(PATIENCE, service.serve(inbox, std::future::pending(), &supervision(&config))).await;
    let Ok(Err(RunError::Start(error))) = outcome else { panic!("the second instance started: {outcome:?}") };
    assert_eq!(error.component(), "db", "{error}");
    let locked = error.cause().downcast_ref::<Locked>().unwrap_or_else(|| panic!("{error}"));
    assert!(locked.to_string().contains("jobs.db.lock"), "{locked}");

    // the first instance goes on as before
    let second_id = api.submit(&json!({ "first": "still" })).await.unwrap();
    assert!(second_id > id);
    let (_, outcome, _) = first.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_stored(
        &scratch.database(),
        &BTreeMap::from([(id, json!({ "first": true })), (second_id, json!({ "first": "still" }))]),
    );
}

/// Issue 19, item 1: an id handed out is never handed out again, also by a later run that
/// starts after jobs were accepted and never stored (here: the run's future dropped, as a kill
/// drops everything; `tests/process.rs` does it with SIGKILL).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_are_never_reissued_after_a_run_that_lost_its_queue() {
    let scratch = Scratch::new("reissue");
    let config = Config { busy_timeout: Duration::from_millis(50), ..config(&scratch) };
    let service = start(config.clone()).await;
    let api = Api::new(service.address);
    let stored = api.submit(&json!({ "stored": true })).await.unwrap();
    let worker = service.handles.worker.clone();
    wait_until("the first job is stored", || worker.written() == 1).await;
    let blocker = Blocker::new(&scratch.database());
    let unstored = submit_until_refused(&api, 10, |n| json!({ "lost": n })).await;
    assert!(!unstored.is_empty());
    // gone without a cleanup: what was queued is lost (as with SIGKILL)
    service.run.abort();
    let _ = service.run.await;
    blocker.release();

    let service = start(config).await;
    let api = Api::new(service.address);
    let later = api.submit(&json!({ "later": true })).await.unwrap();
    let before = unstored.keys().chain([&stored]).max().unwrap();
    assert!(later > *before, "id {later} was handed out before: {unstored:?}");
    let (_, outcome, _) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    // the aborted run's last write may still have gone through once the lock was released
    // (a killed process's would not): each row is the job its id was given to
    let mut given = unstored;
    given.extend([(stored, json!({ "stored": true })), (later, json!({ "later": true }))]);
    let rows = rows(&scratch.database());
    assert!(rows.contains_key(&stored) && rows.contains_key(&later), "{rows:?}");
    for (id, payload) in rows {
        assert_eq!(serde_json::from_str::<Value>(&payload).unwrap(), given[&id], "row {id}");
    }
}

/// Issue 19, item 2: a graceful shutdown whose first writes fail (another process holds the
/// lock) retries until it can write: nothing accepted is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_final_drain_retries_until_the_database_can_be_written() {
    let scratch = Scratch::new("drain-retry");
    let config = Config { busy_timeout: Duration::from_millis(50), ..config(&scratch) };
    let supervision = supervision(&config).max_restarts(100, Duration::from_secs(60));
    let service = start_with(config, supervision).await;
    let handles = service.handles.clone();
    let api = Api::new(service.address);

    let blocker = Blocker::new(&scratch.database());
    let accepted = submit_until_refused(&api, 50, |n| json!({ "n": n })).await;
    let worker = handles.worker.clone();
    wait_until("the writer failed", || !worker.is_writable()).await;
    assert_eq!(worker.unstored(), accepted.len() as u64);

    let stopping = tokio::spawn(service.stop());
    // the shutdown has begun and its drain fails while the lock is held
    let status = handles.status.clone();
    wait_until("the shutdown began", || status.snapshot().shutting_down).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!stopping.is_finished(), "the shutdown waits for the database");
    blocker.release();
    let (_, outcome, _) = stopping.await.unwrap();
    let report = outcome.unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(worker.unstored(), 0);
    assert_stored(&scratch.database(), &accepted);
}

/// Issue 19, item 2: what the deadline leaves unstored is counted, not dropped silently.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_shutdown_deadline_leaves_unstored_is_counted() {
    let scratch = Scratch::new("drain-deadline");
    let config = Config {
        busy_timeout: Duration::from_millis(50),
        http_timeout: Some(Duration::from_secs(1)),
        shutdown_timeout: Duration::from_secs(3),
        ..config(&scratch)
    };
    let supervision = supervision(&config).max_restarts(100, Duration::from_secs(60));
    let service = start_with(config, supervision).await;
    let handles = service.handles.clone();
    let api = Api::new(service.address);

    let blocker = Blocker::new(&scratch.database());
    let accepted = submit_until_refused(&api, 50, |n| json!({ "n": n })).await;
    let (_, outcome, took) = service.stop().await;
    let Err(RunError::Stop(report)) = outcome else {
        panic!("a clean stop while the database was locked: {outcome:?}")
    };
    assert!(matches!(report.exit("worker"), Some(Exit::TimedOut(_))), "{report}");
    assert!(took < Duration::from_secs(3) + MARGIN, "{took:?}");
    // the lock is still held: nothing was stored, and all of it is counted
    assert_eq!(handles.worker.unstored(), accepted.len() as u64);
    assert_eq!(handles.worker.written(), 0);
    blocker.release();
}

/// Issue 19, item 3: the queue's memory is bounded in bytes, and restarts of a writer that
/// cannot write free none of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_is_bounded_in_bytes_across_restarts() {
    let scratch = Scratch::new("bytes");
    let queue_bytes = 16 * 1024;
    let config = Config { queue_bytes, busy_timeout: Duration::from_millis(50), ..config(&scratch) };
    let supervision = supervision(&config).max_restarts(100, Duration::from_secs(60));
    let service = start_with(config, supervision).await;
    let handles = service.handles.clone();
    let api = Api::new(service.address);

    // a writer that stores nothing: it waits on the lock with each batch
    let blocker = Blocker::new(&scratch.database());
    let big = "x".repeat(1000);
    let mut accepted = BTreeMap::new();
    let mut n = 0;
    while component_restarts(&handles, "worker") < 3 {
        let payload = json!({ "n": n, "pad": big });
        n += 1;
        if let Some(id) = api.submit(&payload).await {
            accepted.insert(id, payload);
        }
        let (_, bytes) = handles.worker.queued();
        assert!(bytes <= queue_bytes, "{bytes} bytes queued");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    assert!(accepted.len() <= queue_bytes / 1000, "{} jobs of 1 KB accepted in a 16 KiB queue", accepted.len());
    assert!(!accepted.is_empty());
    blocker.release();
    let worker = handles.worker.clone();
    let count = accepted.len() as u64;
    wait_until("every accepted job stored", || worker.written() == count).await;
    assert_eq!(worker.queued(), (0, 0), "storing frees the room");
    let (_, outcome, _) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_stored(&scratch.database(), &accepted);
}

/// Issue 19, items 3 and 5: while the worker cannot write, a job gets `503` at once and
/// readiness is off, also in between the restarts that do not fix the fault; liveness stays on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_is_off_while_a_job_could_not_be_stored() {
    let scratch = Scratch::new("ready");
    let config = Config { busy_timeout: Duration::from_millis(50), ..config(&scratch) };
    let supervision = supervision(&config).max_restarts(100, Duration::from_secs(60));
    let service = start_with(config, supervision).await;
    let handles = service.handles.clone();
    let api = Api::new(service.address);
    assert_eq!((api.probe("/health/ready").await, api.probe("/health/live").await), (StatusCode::OK, StatusCode::OK));

    let blocker = Blocker::new(&scratch.database());
    let first = api.submit(&json!({ "first": true })).await.expect("the writer could write a moment ago");
    let worker = handles.worker.clone();
    wait_until("the write failed", || !worker.is_writable()).await;
    // through three restarts, each failing its first write: never ready, every job refused
    while component_restarts(&handles, "worker") < 3 {
        assert_eq!(api.probe("/health/ready").await, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(api.probe("/health/live").await, StatusCode::OK);
        let (status, body) = api.call(Method::POST, "/jobs", Some(&json!({ "n": 1 }))).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let (status, health) = api.health().await;
    assert_eq!((status, health["ready"].as_bool()), (StatusCode::SERVICE_UNAVAILABLE, Some(false)), "{health}");
    assert!(health["not_ready"].as_str().unwrap().contains("cannot be written"), "{health}");

    blocker.release();
    wait_until("ready again", || worker.is_writable()).await;
    assert_eq!(api.probe("/health/ready").await, StatusCode::OK);
    let (_, outcome, _) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_stored(&scratch.database(), &BTreeMap::from([(first, json!({ "first": true }))]));
}

/// Issue 19, items 3 and 5: a full queue answers `503`, and readiness is off while it is full.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_answers_503_and_is_not_ready() {
    let scratch = Scratch::new("full");
    let config = Config { queue_jobs: 4, busy_timeout: Duration::from_secs(20), ..config(&scratch) };
    let service = start(config).await;
    let api = Api::new(service.address);

    // the writer waits on the lock with its first batch: nothing is stored meanwhile
    let blocker = Blocker::new(&scratch.database());
    let mut accepted = BTreeMap::new();
    let mut refused = 0;
    for n in 0..10 {
        let payload = json!({ "n": n });
        match api.submit(&payload).await {
            Some(id) => drop(accepted.insert(id, payload)),
            None => refused += 1,
        }
    }
    assert_eq!((accepted.len(), refused), (4, 6), "a queue of 4");
    let (status, health) = api.health().await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{health}");
    assert!(health["not_ready"].as_str().unwrap().contains("full"), "{health}");
    blocker.release();
    let worker = service.handles.worker.clone();
    wait_until("the queue is stored", || worker.written() == 4).await;
    assert_eq!(api.probe("/health/ready").await, StatusCode::OK);

    let (_, outcome, _) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_stored(&scratch.database(), &accepted);
}

/// Issue 19, item 5: a database that cannot be written fails the start (the start writes).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_cannot_be_written_fails_the_start() {
    let scratch = Scratch::new("unwritable");
    let config = Config { busy_timeout: Duration::from_millis(50), ..config(&scratch) };
    // a database another connection holds the write lock of
    rusqlite::Connection::open(scratch.database()).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    let blocker = Blocker::new(&scratch.database());
    let built = job_service(config.clone()).unwrap();
    let (mut service, inbox) = (built.service, built.inbox);
    let outcome =
        tokio::time::timeout(PATIENCE, service.serve(inbox, std::future::pending(), &supervision(&config))).await;
    let Ok(Err(RunError::Start(error))) = outcome else { panic!("started on a locked file: {outcome:?}") };
    assert_eq!(error.component(), "db", "{error}");
    assert!(error.to_string().contains("locked"), "{error}");
    blocker.release();
    drop(service);

    // a read-only file (immutable: even root cannot write it), where the file system allows it
    let file = scratch.database();
    let immutable = std::process::Command::new("chattr").arg("+i").arg(&file).status();
    if !immutable.is_ok_and(|status| status.success()) {
        println!("chattr +i is not available here: the read-only case is not run");
        return;
    }
    let built = job_service(config.clone()).unwrap();
    let (mut service, inbox) = (built.service, built.inbox);
    let outcome =
        tokio::time::timeout(PATIENCE, service.serve(inbox, std::future::pending(), &supervision(&config))).await;
    let _ = std::process::Command::new("chattr").arg("-i").arg(&file).status();
    let Ok(Err(RunError::Start(error))) = outcome else { panic!("started on a read-only file: {outcome:?}") };
    assert_eq!(error.component(), "db", "{error}");
    assert!(error.to_string().contains("readonly"), "{error}");
}

/// Issue 19, item 6: a database file deleted under the running service is noticed: nothing
/// accepted afterwards goes into the deleted file; the database is reopened at its path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_database_file_is_noticed_and_a_new_one_takes_the_jobs() {
    let scratch = Scratch::new("deleted");
    let service = start(config(&scratch)).await;
    let handles = service.handles.clone();
    let api = Api::new(service.address);
    for n in 0..5 {
        api.submit(&json!({ "before": n })).await.unwrap();
    }
    let worker = handles.worker.clone();
    wait_until("stored", || worker.written() == 5).await;

    let file = scratch.database();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = file.clone().into_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
    let mut after = BTreeMap::new();
    let mut n = 0;
    while after.len() < 20 {
        let payload = json!({ "after": n });
        n += 1;
        if let Some(id) = api.submit(&payload).await {
            after.insert(id, payload);
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    wait_until("the database was reopened", || component_restarts(&handles, "db") >= 1).await;
    let count = after.len() as u64 + 5;
    wait_until("every job stored", || worker.written() >= count && worker.unstored() == 0).await;
    let (_, outcome, _) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_stored(&file, &after);
}

/// Issue 19, item 8: a job is stored as the bytes that were posted, and only a JSON object is
/// a job.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_payload_is_stored_byte_for_byte_and_only_an_object_is_a_job() {
    let scratch = Scratch::new("bytes-exact");
    let service = start(Config { max_payload: 1024, ..config(&scratch) }).await;
    let api = Api::new(service.address);
    let exact =
        " {\"b\": 1, \"a\": 2, \"a\": 3, \"n\": 123456789012345678901234567890, \"f\": 0.100000000000000000000001}\n";
    let (status, body) = api.raw(Method::POST, "/jobs", "application/json", exact).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["id"].as_i64().unwrap();
    let (status, body) = api.raw(Method::POST, "/jobs", "application/vnd.api+json; charset=utf-8", "{}").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let empty = serde_json::from_str::<Value>(&body).unwrap()["id"].as_i64().unwrap();

    for bad in
        ["42", "null", "\"text\"", "[1, 2]", "{\"a\": ", "{\"a\": 1} {}", "{\"a\": 1} x", "", "{\"a\": \"\u{0}\"}"]
    {
        let (status, body) = api.raw(Method::POST, "/jobs", "application/json", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad:?}: {body}");
    }
    let (status, _) = api.raw(Method::POST, "/jobs", "text/plain", "{}").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, _) =
        api.raw(Method::POST, "/jobs", "application/json", format!("{{\"a\": \"{}\"}}", "x".repeat(2000))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(api.raw(Method::GET, "/jobs", "application/json", "").await.0, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(api.raw(Method::GET, "/nothing", "application/json", "").await.0, StatusCode::NOT_FOUND);

    let (_, outcome, _) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    let rows = rows(&scratch.database());
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[&id], exact);
    assert_eq!(rows[&empty], "{}");
}

/// Issue 19, item 9: on shutdown readiness goes off first and the server answers through the
/// drain period; clients that leave when readiness goes off (as a load balancer does) get an
/// answer to every request they sent, and every `202` is a row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_that_leave_when_readiness_goes_off_get_an_answer_to_every_request() {
    let scratch = Scratch::new("drain");
    let drain = Duration::from_millis(1500);
    let service = start(Config { drain, ..config(&scratch) }).await;
    let handles = service.handles.clone();
    let api = Api::new(service.address);
    let leave = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicUsize::new(0));

    let mut clients = tokio::task::JoinSet::new();
    for client in 0..8 {
        let (api, leave, count) = (api.clone(), leave.clone(), count.clone());
        clients.spawn(async move {
            let (mut accepted, mut failed) = (BTreeMap::new(), Vec::new());
            let mut n = 0;
            while !leave.load(Ordering::SeqCst) {
                let payload = json!({ "client": client, "n": n });
                n += 1;
                let request = hyper::Request::post(format!("http://{}/jobs", api.address))
                    .header("content-type", "application/json")
                    .body(http_body_util::Full::new(hyper::body::Bytes::from(payload.to_string())))
                    .unwrap();
                match api.client.request(request).await {
                    Ok(response) if response.status() == StatusCode::ACCEPTED => {
                        let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
                        let id = serde_json::from_slice::<Value>(&body).unwrap()["id"].as_i64().unwrap();
                        accepted.insert(id, payload);
                        count.fetch_add(1, Ordering::SeqCst);
                    }
                    Ok(response) => assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE),
                    Err(error) => failed.push(format!("{error:?}")),
                }
            }
            (accepted, failed)
        });
    }
    wait_until("jobs flow", || count.load(Ordering::SeqCst) >= 200).await;
    let asked = Instant::now();
    let stopping = tokio::spawn(service.stop());
    // the load balancer: polls readiness, and sends nothing more once it is off
    let probe = Api::new(api.address);
    loop {
        let status = probe.probe("/health/ready").await;
        if status != StatusCode::OK {
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    leave.store(true, Ordering::SeqCst);
    let readiness_off = asked.elapsed();
    let results = clients.join_all().await;
    let (_, outcome, took) = stopping.await.unwrap();
    assert!(outcome.unwrap().is_clean());
    assert!(took >= drain, "the drain lasted {took:?}");
    let failed: Vec<_> = results.iter().flat_map(|(_, failed)| failed).collect();
    assert!(failed.is_empty(), "requests without an answer: {failed:?}");
    let accepted: BTreeMap<i64, Value> = results.into_iter().flat_map(|(accepted, _)| accepted).collect();
    assert_eq!(handles.worker.unstored(), 0);
    assert_stored(&scratch.database(), &accepted);
    println!("{} jobs; readiness off {readiness_off:?} after the signal; shutdown took {took:?}", accepted.len());
}

/// Issue 18, item 6: the worker reports its writer task's death as a `Fault` the moment it
/// happens, and supervision restarts it at once: with health checked once an hour, the restart
/// still comes, and every accepted job is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_writer_is_restarted_at_once_without_waiting_for_a_health_check() {
    let scratch = Scratch::new("fault");
    let service = start(Config { check_every: Duration::from_secs(3600), ..config(&scratch) }).await;
    let handles = service.handles.clone();
    let api = Api::new(service.address);
    let first = api.submit(&json!({ "before": true })).await.unwrap();
    handles.worker.kill_task();
    wait_until("the worker restarted", || component_restarts(&handles, "worker") == 1).await;
    let worker = handles.worker.clone();
    wait_until("the new writer writes", || worker.is_writable()).await;
    let second = api.submit(&json!({ "after": true })).await.unwrap();
    let (_, outcome, _) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_stored(
        &scratch.database(),
        &BTreeMap::from([(first, json!({ "before": true })), (second, json!({ "after": true }))]),
    );
}

/// Issue 18, item 6: the HTTP handlers reach the worker only through the orchestrator's
/// coordination methods: the same calls work through the client from any task, and once the
/// orchestrator's shutdown has begun past its drain, they are refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_coordination_methods_are_what_the_handlers_call() {
    use job_service::{JobServiceCalls, Json, Rejected};
    let json = |text: &'static [u8]| Json::parse(hyper::body::Bytes::from_static(text)).unwrap();
    let scratch = Scratch::new("client");
    let service = start(config(&scratch)).await;
    let client = service.handles.client.clone();
    let id = client.submit(json(b"{\"via\": \"client\"}")).await.unwrap().unwrap();
    let invalid = client.submit(json(b"[1]")).await.unwrap();
    assert!(matches!(invalid, Err(Rejected::Invalid(_))), "{invalid:?}");
    assert_eq!(client.accepting().await.unwrap(), Ok(()));
    let (_, outcome, _) = service.stop().await;
    assert!(outcome.unwrap().is_clean());
    let after = client.submit(json(b"{}")).await;
    assert!(matches!(after, Err(orchestrator::CallError::NotRunning { .. })), "{after:?}");
    assert_stored(&scratch.database(), &BTreeMap::from([(id, json!({ "via": "client" }))]));
}
