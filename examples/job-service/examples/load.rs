//! A load generator for the job service: `clients` HTTP/1.1 connections, each posting one job
//! after the other (kept alive) for a while, then the throughput and the latency percentiles.
//!
//! ```text
//! cargo run --release -p job-service --example load -- --address 127.0.0.1:8080 [--clients 8] [--seconds 10] [--payload 64]
//! ```
//!
//! `--address` may be given several times (replicas of the service): the clients are spread
//! over them in turn.
//!
//! `scripts/measure.sh` beside it starts the release binary, runs this against it, and stops it.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

const USAGE: &str =
    "usage: load --address HOST:PORT [--address HOST:PORT ...] [--clients N] [--seconds N] [--payload BYTES]";

struct Args {
    addresses: Vec<SocketAddr>,
    clients: usize,
    seconds: f64,
    payload: usize,
}

fn args() -> Result<Args, String> {
    let mut args = Args { addresses: Vec::new(), clients: 8, seconds: 10.0, payload: 64 };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let value = given.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let bad = |error: &dyn std::fmt::Display| format!("{flag} {value}: {error}");
        match flag.as_str() {
            "--address" => args.addresses.push(value.parse().map_err(|e| bad(&e))?),
            "--clients" => args.clients = value.parse().map_err(|e| bad(&e))?,
            "--seconds" => args.seconds = value.parse().map_err(|e| bad(&e))?,
            "--payload" => args.payload = value.parse().map_err(|e| bad(&e))?,
            _ => return Err(format!("unknown argument {flag}\n{USAGE}")),
        }
    }
    if args.addresses.is_empty() {
        args.addresses.push(SocketAddr::from(([127, 0, 0, 1], 8080)));
    }
    Ok(args)
}

/// What one client saw.
#[derive(Default)]
struct Seen {
    /// Each request's latency, in nanoseconds.
    latencies: Vec<u64>,
    accepted: u64,
    refused: u64,
    other: u64,
    errors: u64,
    /// The first error, to say what went wrong.
    first_error: Option<String>,
}

fn percentile(sorted: &[u64], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    Duration::from_nanos(sorted[index])
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = match args() {
        Ok(args) => args,
        Err(error) => {
            eprintln!("{error}");
            return std::process::ExitCode::from(2);
        }
    };
    let client: Client<_, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).pool_max_idle_per_host(args.clients).build_http();
    let started = Instant::now();
    let until = started + Duration::from_secs_f64(args.seconds);
    let mut clients = tokio::task::JoinSet::new();
    for id in 0..args.clients {
        let client = client.clone();
        let uri = format!("http://{}/jobs", args.addresses[id % args.addresses.len()]);
        // a JSON object of about `payload` bytes
        let pad = "x".repeat(args.payload.saturating_sub(40));
        clients.spawn(async move {
            let mut seen = Seen::default();
            let mut n = 0u64;
            while Instant::now() < until {
                let body = format!("{{\"client\":{id},\"n\":{n},\"pad\":\"{pad}\"}}");
                n += 1;
                let request = Request::post(&uri)
                    .header("content-type", "application/json")
                    .body(Full::new(Bytes::from(body)))
                    .expect("a valid request");
                let sent = Instant::now();
                let status = match client.request(request).await {
                    Ok(response) => {
                        let status = response.status();
                        match response.into_body().collect().await {
                            Ok(_) => Ok(status),
                            Err(error) => Err(format!("{error:?}")),
                        }
                    }
                    Err(error) => Err(format!("{error:?}")),
                };
                #[allow(clippy::cast_possible_truncation, reason = "a request takes less than 584 years")]
                seen.latencies.push(sent.elapsed().as_nanos() as u64);
                match status {
                    Ok(StatusCode::ACCEPTED) => seen.accepted += 1,
                    Ok(StatusCode::SERVICE_UNAVAILABLE) => seen.refused += 1,
                    Ok(_) => seen.other += 1,
                    Err(error) => {
                        seen.errors += 1;
                        seen.first_error.get_or_insert(error);
                        // the server is gone or refusing: do not spin
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                }
            }
            seen
        });
    }
    let all = clients.join_all().await;
    let elapsed = started.elapsed().as_secs_f64();
    let mut latencies: Vec<u64> = all.iter().flat_map(|seen| seen.latencies.iter().copied()).collect();
    latencies.sort_unstable();
    let sum = |field: fn(&Seen) -> u64| all.iter().map(field).sum::<u64>();
    let (accepted, refused, other, errors) =
        (sum(|s| s.accepted), sum(|s| s.refused), sum(|s| s.other), sum(|s| s.errors));
    #[allow(clippy::cast_precision_loss)]
    let per_second = accepted as f64 / elapsed;
    println!(
        "clients {} on {} address(es), payload {} B, {elapsed:.1} s: {} requests, {accepted} accepted ({per_second:.0} jobs/s), {refused} \
         refused (503), {other} other, {errors} errors; latency p50 {:.3} ms, p99 {:.3} ms, p99.9 {:.3} ms, max {:.3} ms",
        args.clients,
        args.addresses.len(),
        args.payload,
        latencies.len(),
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        percentile(&latencies, 0.999).as_secs_f64() * 1e3,
        latencies.last().map_or(0.0, |&max| max as f64 / 1e6),
    );
    if let Some(error) = all.iter().find_map(|seen| seen.first_error.as_ref()) {
        println!("first error: {error}");
    }
    if errors > 0 || other > 0 { std::process::ExitCode::FAILURE } else { std::process::ExitCode::SUCCESS }
}
