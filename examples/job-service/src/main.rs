//! Runs the job service until Ctrl-C (or SIGTERM).
//!
//! ```text
//! cargo run -p job-service [-- --address 127.0.0.1:8080] [--database jobs.db]
//! curl -i -X POST -H 'content-type: application/json' -d '{"email":"a@example.com"}' http://ADDRESS/jobs
//! curl -i http://ADDRESS/health
//! ```

use std::process::ExitCode;

use job_service::{Config, job_service, supervision};
use orchestrator::prelude::*;
use orchestrator::shutdown_signal;

const USAGE: &str = "usage: job-service [--address HOST:PORT] [--database FILE]";

fn config() -> Result<Config, String> {
    let mut config = Config::new("jobs.db");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--address" => config.address = value.parse().map_err(|error| format!("--address {value}: {error}"))?,
            "--database" => config.database = value.into(),
            _ => return Err(format!("unknown argument {flag}\n{USAGE}")),
        }
    }
    Ok(config)
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
    let supervision = supervision(&config);
    let database = config.database.clone();
    let (mut service, handles) = job_service(config);
    let http = handles.http.clone();
    tokio::spawn(async move {
        if let Some(address) = http.local_addr().await {
            println!("job service on http://{address} (POST /jobs, GET /health), jobs in {}", database.display());
            println!("Ctrl-C to stop");
        }
    });
    let outcome = service.run(shutdown_signal(), &supervision).await;
    println!("{} job(s) written", handles.worker.written());
    match outcome {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
