//! The job service's binary as an operator runs it: a process on a real port and a real
//! SQLite file, stopped with SIGTERM or SIGKILL; its logs, its metrics, its exit code.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use hyper::StatusCode;
use serde_json::json;

/// The binary, running, with what it printed so far.
struct Process {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

fn collect(mut from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let into = text.clone();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(&mut from);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            into.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    text
}

impl Process {
    fn spawn(database: &Path, args: &[&str]) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_job-service"))
            .args(["--address", "127.0.0.1:0", "--database"])
            .arg(database)
            .args(args)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        Process { child, stdout, stderr }
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The address it listens on, from what it printed, once it is ready.
    async fn address(&self) -> SocketAddr {
        let out = self.stdout.clone();
        let mut address = None;
        wait_until("the address is printed", || {
            let out = out.lock().unwrap();
            address = out
                .split_once("job service on http://")
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .and_then(|address| address.parse().ok());
            address.is_some()
        })
        .await;
        let address = address.unwrap();
        let api = Api::new(address);
        let deadline = Instant::now() + PATIENCE;
        while api.probe("/health/ready").await != StatusCode::OK {
            assert!(Instant::now() < deadline, "never ready: {}", self.stderr());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        address
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill").arg(format!("-{signal}")).arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success());
    }

    /// Waits (bounded) for the process to exit.
    async fn exit(&mut self) -> (ExitStatus, Duration) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // the readers finish with the pipes
                tokio::time::sleep(Duration::from_millis(50)).await;
                return (status, started.elapsed());
            }
            assert!(started.elapsed() < PATIENCE, "the process did not exit: {}", self.stderr());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Issue 19, item 7: SIGTERM drains and stops cleanly (exit code 0); the logs say what
/// happened; `/metrics` shows the library's lifecycle metrics and the service's own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_cleanly_with_logs_and_metrics() {
    let scratch = Scratch::new("process-term");
    let mut service = Process::spawn(&scratch.database(), &["--drain-ms", "200"]);
    let api = Api::new(service.address().await);
    let mut accepted = std::collections::BTreeMap::new();
    for n in 0..25 {
        let payload = json!({ "n": n });
        accepted.insert(api.submit(&payload).await.unwrap(), payload);
    }
    let (status, metrics) = api.raw(hyper::Method::GET, "/metrics", "text/plain", "").await;
    assert_eq!(status, StatusCode::OK);
    for line in [
        "job_service_jobs_accepted_total 25",
        "orchestrator_state{orchestrator=\"JobService\",state=\"ready\"} 1",
        "orchestrator_component_up{orchestrator=\"JobService\",component=\"worker\"} 1",
        "orchestrator_step_duration_seconds_count{orchestrator=\"JobService\",component=\"db\",phase=\"init\"} 1",
        "job_service_queue_jobs ",
    ] {
        assert!(metrics.contains(line), "no {line:?} in:\n{metrics}");
    }

    service.signal("TERM");
    let (status, _) = service.exit().await;
    let (stdout, stderr) = (service.stdout(), service.stderr());
    assert_eq!(status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("25 job(s) written, 0 accepted job(s) not stored"), "{stdout}");
    for event in ["listening", "shutdown: readiness off, draining", "stopped"] {
        assert!(stderr.contains(event), "no {event:?} in the log:\n{stderr}");
    }
    assert_stored(&scratch.database(), &accepted);
}

/// Issue 19, items 2 and 7: a fault is logged (the writer's failure, supervision's restarts);
/// a shutdown whose deadline passes while the database cannot be written reports what it did
/// not store, and exits with code 3.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fault_is_logged_and_what_a_shutdown_could_not_store_is_reported() {
    let scratch = Scratch::new("process-lost");
    let args = ["--drain-ms", "0", "--busy-timeout-ms", "50", "--shutdown-timeout-ms", "8000"];
    let mut service = Process::spawn(&scratch.database(), &args);
    let api = Api::new(service.address().await);
    let blocker = Blocker::new(&scratch.database());
    let mut accepted = 0;
    while api.submit(&json!({ "n": accepted })).await.is_some() {
        accepted += 1;
    }
    assert!(accepted > 0);
    let stderr = service.stderr.clone();
    // supervision's own event: the component it restarts, and why
    let restart_logged = || {
        let log = stderr.lock().unwrap();
        log.lines().any(|line| {
            line.contains("restart") && line.contains("component=\"worker\"") && line.contains("database is locked")
        })
    };
    wait_until("a restart is logged", restart_logged).await;

    service.signal("TERM");
    let (status, took) = service.exit().await;
    let (stdout, stderr) = (service.stdout(), service.stderr());
    assert_eq!(status.code(), Some(3), "{stdout}\n{stderr}");
    assert!(took < Duration::from_secs(8) + MARGIN, "{took:?}");
    assert!(stdout.contains(&format!("0 job(s) written, {accepted} accepted job(s) not stored")), "{stdout}");
    for event in ["the writer task ended", "the final drain failed", "accepted jobs were not stored"] {
        assert!(stderr.contains(event), "no {event:?} in the log:\n{stderr}");
    }
    blocker.release();
}

/// Issue 19, item 9: a second SIGTERM ends a shutdown that waits on the database at once,
/// reporting what that loses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_signal_ends_the_shutdown_at_once_and_reports_the_loss() {
    let scratch = Scratch::new("process-second");
    let args = ["--drain-ms", "0", "--busy-timeout-ms", "50", "--shutdown-timeout-ms", "600000"];
    let mut service = Process::spawn(&scratch.database(), &args);
    let api = Api::new(service.address().await);
    let blocker = Blocker::new(&scratch.database());
    let mut accepted = 0;
    while api.submit(&json!({ "n": accepted })).await.is_some() {
        accepted += 1;
    }
    service.signal("TERM");
    let stderr = service.stderr.clone();
    wait_until("the drain is retrying", || stderr.lock().unwrap().contains("the final drain failed")).await;
    service.signal("TERM");
    let (status, took) = service.exit().await;
    let stderr = service.stderr();
    assert_eq!(status.code(), Some(3), "{stderr}");
    assert!(took < MARGIN, "a ten-minute deadline, ended by the second signal after {took:?}");
    assert!(stderr.contains(&format!("second signal: exiting now; {accepted} accepted job(s) not stored")), "{stderr}");
    blocker.release();
}

/// Issue 19, item 1: after a SIGKILL that lost accepted jobs, the next process hands out none
/// of their ids again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sigkill_no_id_is_handed_out_twice() {
    let scratch = Scratch::new("process-kill");
    let args = ["--drain-ms", "0", "--busy-timeout-ms", "50"];
    let mut service = Process::spawn(&scratch.database(), &args);
    let api = Api::new(service.address().await);
    let mut given = vec![api.submit(&json!({ "stored": true })).await.unwrap()];
    wait_until("the first job is stored", || rows(&scratch.database()).len() == 1).await;
    let blocker = Blocker::new(&scratch.database());
    while let Some(id) = api.submit(&json!({ "lost": true })).await {
        given.push(id);
    }
    assert!(given.len() > 1);
    service.child.kill().unwrap();
    let _ = service.exit().await;
    blocker.release();

    let service = Process::spawn(&scratch.database(), &args);
    let api = Api::new(service.address().await);
    let later = api.submit(&json!({ "later": true })).await.unwrap();
    assert!(!given.contains(&later) && later > *given.iter().max().unwrap(), "{later} in {given:?}");
}

/// Issue 19, item 10: a port in use fails before the database file is created, and nothing
/// claims that jobs were written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_port_in_use_fails_before_the_database_is_created() {
    let scratch = Scratch::new("process-port");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().to_string();
    let mut service = Process::spawn(&scratch.database(), &["--address", &port]);
    let (status, _) = service.exit().await;
    let (stdout, stderr) = (service.stdout(), service.stderr());
    assert_eq!(status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stderr.contains("cannot listen"), "{stderr}");
    assert!(!stdout.contains("written"), "{stdout}");
    assert!(!scratch.database().exists(), "the database file was created");

    // a start that fails on the database says so, and claims nothing written either
    drop(taken);
    let blocker_db = scratch.database();
    rusqlite::Connection::open(&blocker_db).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    let blocker = Blocker::new(&blocker_db);
    let mut service = Process::spawn(&blocker_db, &["--busy-timeout-ms", "50"]);
    let (status, _) = service.exit().await;
    let (stdout, stderr) = (service.stdout(), service.stderr());
    assert_eq!(status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stderr.contains("start failed") && stderr.contains("locked"), "{stderr}");
    assert!(!stdout.contains("written"), "{stdout}");
    blocker.release();
}

/// Issue 23: two replicas of the binary on one PostgreSQL server; SIGTERM to one in the middle
/// of the load: it exits 0, and every job either replica accepted is a row, once.
#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_of_one_postgres_replica_mid_load_loses_nothing() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    let Some(postgres) = common::pg::Postgres::start("process-sigterm").await else { return };
    let url = postgres.url();
    let mut first = Process::spawn(Path::new(&url), &["--drain-ms", "300"]);
    let mut second = Process::spawn(Path::new(&url), &["--drain-ms", "0"]);
    let apis = [Api::new(first.address().await), Api::new(second.address().await)];
    let (stop, count) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let mut clients = tokio::task::JoinSet::new();
    for client in 0..8 {
        let (api, stop, count) = (apis[client % 2].clone(), stop.clone(), count.clone());
        clients.spawn(async move {
            let mut accepted = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let payload = json!({ "client": client, "n": n });
                n += 1;
                let request = hyper::Request::post(format!("http://{}/jobs", api.address))
                    .header("content-type", "application/json")
                    .body(http_body_util::Full::new(hyper::body::Bytes::from(payload.to_string())))
                    .unwrap();
                // the stopped replica refuses connections: those jobs were not accepted
                let Ok(response) = api.client.request(request).await else {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    continue;
                };
                let status = response.status();
                let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
                if status == StatusCode::ACCEPTED {
                    accepted.push((
                        serde_json::from_slice::<serde_json::Value>(&body).unwrap()["id"].as_i64().unwrap(),
                        payload,
                    ));
                    count.fetch_add(1, Ordering::SeqCst);
                }
            }
            accepted
        });
    }
    wait_until("jobs flow", || count.load(Ordering::SeqCst) >= 2000).await;
    first.signal("TERM");
    let (status, _) = first.exit().await;
    assert_eq!(status.code(), Some(0), "{}", first.stderr());
    let seen = count.load(Ordering::SeqCst);
    wait_until("the other replica goes on", || count.load(Ordering::SeqCst) >= seen + 1000).await;
    stop.store(true, Ordering::SeqCst);
    let mut accepted = std::collections::BTreeMap::new();
    for (id, payload) in clients.join_all().await.into_iter().flatten() {
        assert!(accepted.insert(id, payload).is_none(), "id {id} given twice");
    }
    second.signal("TERM");
    let (status, _) = second.exit().await;
    assert_eq!(status.code(), Some(0), "{}", second.stderr());
    let rows = postgres.rows().await;
    assert_eq!(rows.len(), accepted.len());
    for (id, payload) in &accepted {
        assert_eq!(rows[id], payload.to_string(), "job {id}");
    }
    assert!(first.stdout().contains(", 0 accepted job(s) not stored"), "{}", first.stdout());
}
