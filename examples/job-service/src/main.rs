//! Runs the job service until Ctrl-C or SIGTERM (a second one ends it at once).
//!
//! ```text
//! cargo run -p job-service [-- --address 127.0.0.1:8080] [--database jobs.db] [--admin-address 127.0.0.1:9090]
//! curl -i -X POST -H 'content-type: application/json' -d '{"email":"a@example.com"}' http://ADDRESS/jobs
//! curl -i http://ADDRESS/health/ready
//! curl http://ADDRESS/metrics
//! ```
//!
//! Logs go to stderr (`RUST_LOG` filters them; default `info`). Exit codes: 0, stopped cleanly
//! with every accepted job stored; 1, did not start, or stopped uncleanly with nothing lost;
//! 2, bad arguments; 3, accepted jobs were not stored (the count is logged and printed).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use job_service::{Config, Handles, job_service_with_metrics, shutdown, supervision};
use metrics_exporter_prometheus::PrometheusBuilder;
use orchestrator::prelude::*;
use tokio::sync::watch;

const USAGE: &str = "usage: job-service [--address HOST:PORT] [--admin-address HOST:PORT] [--database FILE] \
                     [--drain-ms N] [--shutdown-timeout-ms N] [--busy-timeout-ms N] [--queue-bytes N] \
                     [--max-connections N]";

/// Exit code: accepted jobs were not stored.
const LOST: u8 = 3;

fn config() -> Result<Config, String> {
    let mut config = Config::new("jobs.db");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let number = || value.parse::<u64>().map_err(|error| format!("{flag} {value}: {error}"));
        match flag.as_str() {
            "--address" => config.address = value.parse().map_err(|error| format!("--address {value}: {error}"))?,
            "--admin-address" => {
                config.admin_address =
                    Some(value.parse().map_err(|error| format!("--admin-address {value}: {error}"))?);
            }
            "--database" => config.database = value.into(),
            "--drain-ms" => config.drain = Duration::from_millis(number()?),
            "--shutdown-timeout-ms" => config.shutdown_timeout = Duration::from_millis(number()?),
            "--busy-timeout-ms" => config.busy_timeout = Duration::from_millis(number()?),
            "--queue-bytes" => config.queue_bytes = usize::try_from(number()?).map_err(|e| e.to_string())?,
            "--max-connections" => config.max_connections = usize::try_from(number()?).map_err(|e| e.to_string())?,
            _ => return Err(format!("unknown argument {flag}\n{USAGE}")),
        }
    }
    Ok(config)
}

/// Counts Ctrl-C and SIGTERM as they arrive.
fn signals() -> watch::Receiver<u32> {
    let (count, counted) = watch::channel(0u32);
    tokio::spawn(async move {
        #[cfg(unix)]
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        loop {
            #[cfg(unix)]
            let term = async {
                match terminate.as_mut() {
                    Some(signal) => drop(signal.recv().await),
                    None => std::future::pending().await,
                }
            };
            #[cfg(not(unix))]
            let term = std::future::pending::<()>();
            tokio::select! {
                result = tokio::signal::ctrl_c() => if result.is_err() { std::future::pending::<()>().await },
                () = term => {}
            }
            count.send_modify(|n| *n += 1);
        }
    });
    counted
}

/// A second signal ends the process at once, reporting the jobs that exit loses.
fn exit_on_second_signal(mut signals: watch::Receiver<u32>, handles: Handles) {
    tokio::spawn(async move {
        if signals.wait_for(|&n| n >= 2).await.is_err() {
            return;
        }
        let lost = handles.worker.unstored();
        tracing::error!(lost, "a second signal: exiting now, without waiting for the shutdown");
        eprintln!("second signal: exiting now; {lost} accepted job(s) not stored");
        std::process::exit(i32::from(if lost > 0 { LOST } else { 1 }));
    });
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match config() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let prometheus = match PrometheusBuilder::new().install_recorder() {
        Ok(handle) => handle,
        Err(error) => {
            eprintln!("metrics: {error}");
            return ExitCode::FAILURE;
        }
    };
    let upkeep = prometheus.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
            upkeep.run_upkeep();
        }
    });
    let render: job_service::Render = Arc::new(move || prometheus.render());

    let supervision = supervision(&config);
    let database = config.database.clone();
    // binds the ports first: one in use fails here, before the database file is created
    let job_service::Built { mut service, handles, inbox } = match job_service_with_metrics(config, Some(render)) {
        Ok(built) => built,
        Err(error) => {
            tracing::error!(%error, "cannot listen");
            eprintln!("cannot listen: {error}");
            return ExitCode::FAILURE;
        }
    };
    let http = handles.http.clone();
    tokio::spawn(async move {
        if let Some(address) = http.local_addr().await {
            tracing::info!(%address, database = %database.display(), "listening");
            println!("job service on http://{address} (POST /jobs, GET /health/ready), jobs in {}", database.display());
            println!("Ctrl-C to stop");
        }
    });
    let signals = signals();
    exit_on_second_signal(signals.clone(), handles.clone());
    let first = async move {
        let mut signals = signals;
        let _ = signals.wait_for(|&n| n >= 1).await;
    };
    // served on a task of the runtime's workers, like the HTTP handlers that call it (the
    // main thread's future would take every call across to a thread of its own)
    let stop = shutdown(first, handles.clone());
    let served = tokio::spawn(async move { service.serve(inbox, stop, &supervision).await });
    let outcome = match served.await {
        Ok(outcome) => outcome,
        Err(error) => {
            tracing::error!(%error, "the service's task failed");
            eprintln!("the service's task failed: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(orchestrator::RunError::Start(error)) = &outcome {
        tracing::error!(%error, "start failed");
        eprintln!("start failed: {error}");
        return ExitCode::FAILURE;
    }
    let (written, lost) = (handles.worker.written(), handles.worker.unstored());
    println!("{written} job(s) written, {lost} accepted job(s) not stored");
    let clean = match &outcome {
        Ok(report) => {
            tracing::info!(%report, written, "stopped");
            println!("{report}");
            true
        }
        Err(error) => {
            tracing::error!(%error, written, "stopped uncleanly");
            eprintln!("{error}");
            false
        }
    };
    if lost > 0 {
        metrics::counter!("job_service_jobs_lost_total").increment(lost);
        tracing::error!(lost, "accepted jobs were not stored");
        return ExitCode::from(LOST);
    }
    if clean { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
