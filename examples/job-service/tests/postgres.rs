//! The job service on PostgreSQL (the `postgres` feature), against a real server the tests
//! start themselves: several replicas on one database, a replica stopped mid-load, the server
//! restarted mid-load. After each run the rows are read back: every `202` is a row exactly once.
#![cfg(feature = "postgres")]

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use common::pg::Postgres;
use common::*;
use hyper::StatusCode;
use job_service::Config;
use serde_json::{Value, json};

fn pg_config(postgres: &Postgres) -> Config {
    Config { check_every: Duration::from_millis(50), drain: Duration::ZERO, ..Config::new(postgres.url()) }
}

/// `clients` clients posting to `api` until `stop` (at most `max` jobs each); their `202`s.
fn clients(
    api: &Api,
    clients: usize,
    max: usize,
    tag: &str,
    stop: &Arc<AtomicBool>,
    count: &Arc<AtomicUsize>,
) -> tokio::task::JoinSet<Vec<(i64, Value)>> {
    let mut set = tokio::task::JoinSet::new();
    for client in 0..clients {
        let (api, stop, count, tag) = (api.clone(), stop.clone(), count.clone(), tag.to_owned());
        set.spawn(async move {
            let mut accepted = Vec::new();
            for n in 0..max {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let payload = json!({ "replica": tag, "client": client, "n": n });
                let request = hyper::Request::post(format!("http://{}/jobs", api.address))
                    .header("content-type", "application/json")
                    .body(http_body_util::Full::new(hyper::body::Bytes::from(payload.to_string())))
                    .unwrap();
                // a replica that stopped refuses connections: that job was not accepted
                let Ok(response) = api.client.request(request).await else {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    continue;
                };
                let status = response.status();
                let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
                if status == StatusCode::ACCEPTED {
                    let id = serde_json::from_slice::<Value>(&body).unwrap()["id"].as_i64().unwrap();
                    accepted.push((id, payload));
                    count.fetch_add(1, Ordering::SeqCst);
                } else {
                    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            }
            accepted
        });
    }
    set
}

/// Every accepted job, whichever replica took it, once: no id given twice.
fn merge(results: Vec<Vec<(i64, Value)>>) -> BTreeMap<i64, Value> {
    let mut accepted = BTreeMap::new();
    for (id, payload) in results.into_iter().flatten() {
        assert!(accepted.insert(id, payload).is_none(), "id {id} was given twice");
    }
    accepted
}

async fn assert_rows(postgres: &Postgres, accepted: &BTreeMap<i64, Value>) {
    let rows = postgres.rows().await;
    assert_eq!(rows.keys().collect::<Vec<_>>(), accepted.keys().collect::<Vec<_>>(), "the rows are the accepted jobs");
    for (id, payload) in accepted {
        assert_eq!(rows[id], payload.to_string(), "job {id}: the bytes posted");
    }
}

/// Issue 23: three replicas on one server, posting concurrently: every `202` is a row exactly
/// once, and no id was given by two replicas.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_store_every_accepted_job_exactly_once() {
    let Some(postgres) = Postgres::start("three").await else { return };
    let mut replicas = Vec::new();
    for _ in 0..3 {
        replicas.push(start(pg_config(&postgres)).await);
    }
    let (stop, count) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let mut all = Vec::new();
    for (n, replica) in replicas.iter().enumerate() {
        all.push(clients(&Api::new(replica.address), 3, 200, &n.to_string(), &stop, &count));
    }
    let mut results = Vec::new();
    for set in all {
        results.extend(set.join_all().await);
    }
    let accepted = merge(results);
    assert_eq!(accepted.len(), 3 * 3 * 200, "nothing refused");
    for replica in replicas {
        let (_, outcome, _) = replica.stop().await;
        assert!(outcome.unwrap().is_clean());
    }
    assert_rows(&postgres, &accepted).await;
}

/// Issue 23: one of two replicas is stopped (its graceful shutdown, what SIGTERM starts) while
/// both take jobs: what it accepted is stored, and the other goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_stopped_mid_load_loses_nothing() {
    let Some(postgres) = Postgres::start("stopped").await else { return };
    let first = start(pg_config(&postgres)).await;
    let second = start(pg_config(&postgres)).await;
    let (stop, count) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let on_first = clients(&Api::new(first.address), 4, 100_000, "first", &stop, &count);
    let on_second = clients(&Api::new(second.address), 4, 100_000, "second", &stop, &count);
    wait_until("jobs flow", || count.load(Ordering::SeqCst) >= 1000).await;
    let (_, outcome, _) = first.stop().await;
    assert!(outcome.unwrap().is_clean());
    let seen = count.load(Ordering::SeqCst);
    wait_until("the other replica goes on", || count.load(Ordering::SeqCst) >= seen + 500).await;
    stop.store(true, Ordering::SeqCst);
    let mut results = on_first.join_all().await;
    results.extend(on_second.join_all().await);
    let accepted = merge(results);
    let (_, outcome, _) = second.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_rows(&postgres, &accepted).await;
}

/// Issue 23: the server restarts while a replica takes jobs: while it is down, readiness is off
/// and jobs get `503` (never a `202` that cannot be stored); once it is back, the replica
/// recovers by itself, and every `202` is a row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_restarted_mid_load_loses_nothing_and_the_replica_recovers() {
    let Some(mut postgres) = Postgres::start("restart").await else { return };
    let replica = start(pg_config(&postgres)).await;
    let handles = replica.handles.clone();
    let api = Api::new(replica.address);
    let (stop, count) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let load = clients(&api, 4, 100_000, "only", &stop, &count);
    wait_until("jobs flow", || count.load(Ordering::SeqCst) >= 500).await;

    postgres.stop();
    let worker = handles.worker.clone();
    wait_until("the writer noticed", || !worker.is_writable()).await;
    assert_eq!(api.probe("/health/ready").await, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.probe("/health/live").await, StatusCode::OK);
    let (status, _) = api.call(hyper::Method::POST, "/jobs", Some(&json!({ "down": true }))).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "no 202 while the server is down");

    postgres.restart().await;
    let status = handles.status.clone();
    wait_until("ready again", || worker.is_writable() && status.is_ready()).await;
    let seen = count.load(Ordering::SeqCst);
    wait_until("jobs flow again", || count.load(Ordering::SeqCst) >= seen + 500).await;
    stop.store(true, Ordering::SeqCst);
    let accepted = merge(load.join_all().await);
    let (_, outcome, _) = replica.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_eq!(handles.worker.unstored(), 0);
    assert_rows(&postgres, &accepted).await;
}

/// Issue 23: the pool's connections are ended by the server (`pg_terminate_backend`) mid-load:
/// the writer's failed write ends it, supervision restarts the worker, the pool replaces the
/// dead connections, and every `202` is a row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_ended_by_the_server_are_replaced_and_nothing_is_lost() {
    let Some(postgres) = Postgres::start("terminate").await else { return };
    let replica = start(pg_config(&postgres)).await;
    let handles = replica.handles.clone();
    let (stop, count) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let load = clients(&Api::new(replica.address), 4, 100_000, "only", &stop, &count);
    wait_until("jobs flow", || count.load(Ordering::SeqCst) >= 500).await;
    let admin = postgres.client().await;
    let ended: i64 = admin
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE datname = 'postgres' AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(ended >= 1, "the pool had connections");
    let seen = count.load(Ordering::SeqCst);
    wait_until("jobs flow again", || count.load(Ordering::SeqCst) >= seen + 500).await;
    stop.store(true, Ordering::SeqCst);
    let accepted = merge(load.join_all().await);
    let (_, outcome, _) = replica.stop().await;
    assert!(outcome.unwrap().is_clean());
    assert_eq!(handles.worker.unstored(), 0);
    assert_rows(&postgres, &accepted).await;
    println!("{ended} connection(s) ended; worker restarts: {}", component_restarts(&handles, "worker"));
}

/// The SQLite backend's no-loss test on PostgreSQL: the writer task killed twice while jobs
/// come in; supervision restarts it, and every `202` is a row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_task_is_restarted_and_no_accepted_job_is_lost() {
    let Some(postgres) = Postgres::start("kill").await else { return };
    let replica = start(pg_config(&postgres)).await;
    let handles = replica.handles.clone();
    let (stop, count) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let load = clients(&Api::new(replica.address), 4, 100_000, "only", &stop, &count);
    for kill in 1..=2 {
        let (seen, writer) = (count.load(Ordering::SeqCst), handles.worker.clone());
        wait_until("more jobs accepted", || count.load(Ordering::SeqCst) >= seen + 200).await;
        wait_until("the writer runs", || writer.is_writing()).await;
        writer.kill_task();
        wait_until("the worker restarted", || component_restarts(&handles, "worker") == kill).await;
    }
    let seen = count.load(Ordering::SeqCst);
    wait_until("jobs accepted after the last restart", || count.load(Ordering::SeqCst) >= seen + 200).await;
    stop.store(true, Ordering::SeqCst);
    let accepted = merge(load.join_all().await);
    let (_, outcome, _) = replica.stop().await;
    let report = outcome.unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(component_restarts(&handles, "db"), 0, "the database kept its pool");
    assert_rows(&postgres, &accepted).await;
}
