//! Start + stop of no-op components, side by side in one run, on one current-thread tokio
//! runtime:
//!
//! - **ours, `initialize` + `cleanup`**: a derived async orchestrator (`#[orchestrator(async)]`)
//!   whose components are no-op `AsyncComponent`s, `initialize().await` then `cleanup().await`;
//! - **ours, `run`**: the same orchestrator through `Supervise::run` with a shutdown requested
//!   from the start (`run` polls the start first, so every component starts, and then stops:
//!   the report says each one `Stopped`), the default `Supervision` (its status handle, its
//!   check timer, its shutdown deadline and report);
//! - **tokio-graceful-shutdown**: a `Toplevel` whose root starts one subsystem per component
//!   (each waits for the shutdown request and returns), yields once so that they run, requests
//!   the shutdown and waits for all of them (`handle_shutdown_requests`);
//! - **plain tokio**: one spawned task per component in a `JoinSet`, each waiting on a
//!   `CancellationToken`; a yield so that they run, `cancel()`, and every task joined.
//!
//! Shapes: 8 and 64 independent components, and a chain of 8 (each after the previous one).
//! For the chain, ours declares `after(...)`; tokio-graceful-shutdown starts 8 detached
//! subsystems in order and shuts them down one by one in reverse (its documented way to order a
//! shutdown); plain tokio spawns the tasks one by one, each waiting for the previous one's
//! "started" signal (a oneshot), and cancels and joins them one by one in reverse.
//!
//! Each round runs every variant of every shape once, for a short batch, in an order that
//! rotates from round to round, so load from elsewhere on the machine hits all alike. Printed:
//! per variant the median over rounds of the time per start + stop, and the median over rounds
//! of the per-round ratio to plain tokio.
//!
//!     scripts/bench-peers.sh                         # ROUNDS=500 by default
//!     ROUNDS=2000 scripts/bench-peers.sh
//!     PEER_LOOP=run/64 PEER_ITERS=20000 target/release/deps/peers-*   # one variant, for a profiler
//!
//! (`PEER_LOOP` is `VARIANT/SHAPE`, `VARIANT` one of `lifecycle`, `run`, `tgs`, `tokio`, `SHAPE`
//! one of `8`, `64`, `chain8`.)

use std::convert::Infallible;
use std::hint::black_box;
use std::time::{Duration, Instant};

use orchestrator::async_prelude::*;
use orchestrator::{Exit, Supervise, Supervision};
use tokio::runtime::Runtime;
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tokio_graceful_shutdown::{SubsystemBuilder, SubsystemHandle, Toplevel};
use tokio_util::sync::CancellationToken;

/// A component that does nothing when it starts or stops.
struct Noop;

impl AsyncComponent for Noop {}

/// An async orchestrator of the listed no-op components, all independent (one level).
macro_rules! wide {
    ($name:ident: $($field:ident)+) => {
        #[derive(Orchestrator)]
        #[orchestrator(async, allow(too_many_components))]
        struct $name {
            $(
                #[component]
                $field: Noop,
            )+
            lifecycle: Lifecycle,
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $($field: Noop,)+ lifecycle: Lifecycle::new() }
            }
        }
    };
}

wide!(Wide8: c0 c1 c2 c3 c4 c5 c6 c7);
wide!(Wide64:
    c0 c1 c2 c3 c4 c5 c6 c7 c8 c9 c10 c11 c12 c13 c14 c15
    c16 c17 c18 c19 c20 c21 c22 c23 c24 c25 c26 c27 c28 c29 c30 c31
    c32 c33 c34 c35 c36 c37 c38 c39 c40 c41 c42 c43 c44 c45 c46 c47
    c48 c49 c50 c51 c52 c53 c54 c55 c56 c57 c58 c59 c60 c61 c62 c63
);

/// Eight no-op components, each initialized after the previous one (eight levels).
#[derive(Orchestrator)]
#[orchestrator(async)]
struct Chain8 {
    #[component]
    c0: Noop,
    #[component(after(c0))]
    c1: Noop,
    #[component(after(c1))]
    c2: Noop,
    #[component(after(c2))]
    c3: Noop,
    #[component(after(c3))]
    c4: Noop,
    #[component(after(c4))]
    c5: Noop,
    #[component(after(c5))]
    c6: Noop,
    #[component(after(c6))]
    c7: Noop,
    lifecycle: Lifecycle,
}

impl Default for Chain8 {
    fn default() -> Self {
        Self {
            c0: Noop,
            c1: Noop,
            c2: Noop,
            c3: Noop,
            c4: Noop,
            c5: Noop,
            c6: Noop,
            c7: Noop,
            lifecycle: Lifecycle::new(),
        }
    }
}

// --- the variants -------------------------------------------------------------------------

/// Ours: `initialize().await` + `cleanup().await`.
async fn ours_lifecycle<O: AsyncOrchestrator>(o: &mut O) {
    o.initialize().await.expect("initialize");
    o.cleanup().await.expect("cleanup");
}

/// Ours through `Supervise::run`, the shutdown requested from the start.
async fn ours_run<O: AsyncOrchestrator + Send>(o: &mut O, supervision: &Supervision) {
    let report = o.run(std::future::ready(()), supervision).await.expect("run");
    black_box(report);
}

/// tokio-graceful-shutdown: one subsystem per component, all started, then shut down.
async fn tgs_wide(n: usize) {
    Toplevel::new(async move |root: &mut SubsystemHandle| {
        for _ in 0..n {
            root.start(SubsystemBuilder::new("noop", async |s: &mut SubsystemHandle| {
                s.on_shutdown_requested().await;
                Ok::<(), Infallible>(())
            }));
        }
        tokio::task::yield_now().await;
        root.request_shutdown();
    })
    .handle_shutdown_requests(Duration::from_secs(10))
    .await
    .expect("graceful shutdown");
}

/// tokio-graceful-shutdown, a chain: detached subsystems started in order, shut down one by one
/// in reverse.
async fn tgs_chain(n: usize) {
    Toplevel::new(async move |root: &mut SubsystemHandle| {
        root.start(SubsystemBuilder::new("chain", async move |parent: &mut SubsystemHandle| {
            let mut children = Vec::with_capacity(n);
            for _ in 0..n {
                let child = SubsystemBuilder::new("noop", async |s: &mut SubsystemHandle| {
                    s.on_shutdown_requested().await;
                    Ok::<(), Infallible>(())
                });
                children.push(parent.start(child.detached()));
            }
            tokio::task::yield_now().await;
            parent.request_shutdown();
            parent.on_shutdown_requested().await;
            while let Some(child) = children.pop() {
                child.initiate_shutdown();
                child.join().await.expect("child");
            }
            Ok::<(), Infallible>(())
        }));
    })
    .handle_shutdown_requests(Duration::from_secs(10))
    .await
    .expect("graceful shutdown");
}

/// Plain tokio: a task per component in a `JoinSet`, each waiting on one `CancellationToken`.
async fn tokio_wide(n: usize) {
    let token = CancellationToken::new();
    let mut tasks = JoinSet::new();
    for _ in 0..n {
        let token = token.clone();
        tasks.spawn(async move { token.cancelled().await });
    }
    tokio::task::yield_now().await;
    token.cancel();
    while let Some(done) = tasks.join_next().await {
        done.expect("task");
    }
}

/// Plain tokio, a chain: each task spawned once the previous one said it started, stopped and
/// joined one by one in reverse.
async fn tokio_chain(n: usize) {
    let mut running = Vec::with_capacity(n);
    for _ in 0..n {
        let token = CancellationToken::new();
        let (started, is_started) = oneshot::channel();
        let task = tokio::spawn({
            let token = token.clone();
            async move {
                let _ = started.send(());
                token.cancelled().await;
            }
        });
        is_started.await.expect("started");
        running.push((token, task));
    }
    while let Some((token, task)) = running.pop() {
        token.cancel();
        task.await.expect("task");
    }
}

// --- the harness --------------------------------------------------------------------------

const VARIANTS: [&str; 4] = ["lifecycle", "run", "tgs", "tokio"];

/// The three shapes' orchestrators, kept across rounds (a service starts and stops the same
/// one).
#[derive(Default)]
struct Shapes {
    wide8: Wide8,
    wide64: Wide64,
    chain8: Chain8,
}

/// One set of orchestrators per path: once `run` has taken an orchestrator's status handle, its
/// lifecycle keeps publishing to it, and `initialize` + `cleanup` is measured without one.
#[derive(Default)]
struct Ours {
    lifecycle: Shapes,
    run: Shapes,
}

/// One start + stop of `variant` on `shape`.
async fn once(ours: &mut Ours, supervision: &Supervision, variant: &str, shape: &str) {
    match (variant, shape) {
        ("lifecycle", "8") => ours_lifecycle(&mut ours.lifecycle.wide8).await,
        ("lifecycle", "64") => ours_lifecycle(&mut ours.lifecycle.wide64).await,
        ("lifecycle", _) => ours_lifecycle(&mut ours.lifecycle.chain8).await,
        ("run", "8") => ours_run(&mut ours.run.wide8, supervision).await,
        ("run", "64") => ours_run(&mut ours.run.wide64, supervision).await,
        ("run", _) => ours_run(&mut ours.run.chain8, supervision).await,
        ("tgs", "8") => tgs_wide(8).await,
        ("tgs", "64") => tgs_wide(64).await,
        ("tgs", _) => tgs_chain(8).await,
        ("tokio", "8") => tokio_wide(8).await,
        ("tokio", "64") => tokio_wide(64).await,
        _ => tokio_chain(8).await,
    }
}

/// Seconds per start + stop of `variant` on `shape`, over a batch of `iters`.
fn batch(rt: &Runtime, ours: &mut Ours, supervision: &Supervision, variant: &str, shape: &str, iters: u32) -> f64 {
    rt.block_on(async {
        let start = Instant::now();
        for _ in 0..iters {
            once(ours, supervision, variant, shape).await;
        }
        start.elapsed().as_secs_f64() / f64::from(iters)
    })
}

/// Checks once, outside the timing, that every variant does what it claims: ours ends with
/// every component `Stopped`, through either path.
fn check(rt: &Runtime, ours: &mut Ours, supervision: &Supervision) {
    rt.block_on(async {
        let wide = &mut ours.lifecycle.wide64;
        wide.initialize().await.expect("initialize");
        assert_eq!(wide.status().components.iter().filter(|c| c.state == State::Ready).count(), 64);
        wide.cleanup().await.expect("cleanup");
        assert_eq!(wide.state(), State::Stopped);
        let run = &mut ours.run;
        for (name, report) in [
            ("8", run.wide8.run(std::future::ready(()), supervision).await),
            ("64", run.wide64.run(std::future::ready(()), supervision).await),
            ("chain8", run.chain8.run(std::future::ready(()), supervision).await),
        ] {
            let report = report.expect("run");
            assert!(
                report.components.iter().all(|(_, exit)| matches!(exit, Exit::Stopped)),
                "{name}: every component started and stopped: {report}"
            );
        }
        for variant in VARIANTS {
            for shape in ["8", "64", "chain8"] {
                once(ours, supervision, variant, shape).await;
            }
        }
    });
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
}

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a runtime");
    let supervision = Supervision::new();
    let mut ours = Ours::default();

    if let Ok(spec) = std::env::var("PEER_LOOP") {
        let (variant, shape) = spec.split_once('/').unwrap_or((spec.as_str(), "8"));
        let iters = env("PEER_ITERS", 100_000);
        let seconds = batch(&rt, &mut ours, &supervision, variant, shape, iters);
        println!("{variant}/{shape}: {:.2} µs per start + stop", seconds * 1e6);
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --benches` runs this binary without `--bench`: check, don't measure
    let benchmarking = args.iter().any(|a| a == "--bench");
    check(&rt, &mut ours, &supervision);
    if !benchmarking {
        return;
    }

    let rounds: usize = env("ROUNDS", 500);
    // batches of about the same length for every shape
    let shapes = [("8", "8 no-op components", 16), ("64", "64 no-op components", 4), ("chain8", "a chain of 8", 16)];
    let mut times = vec![vec![Vec::with_capacity(rounds); VARIANTS.len()]; shapes.len()];
    for round in 0..rounds {
        for (s, &(shape, _, iters)) in shapes.iter().enumerate() {
            for k in 0..VARIANTS.len() {
                let v = (round + k) % VARIANTS.len();
                times[s][v].push(batch(&rt, &mut ours, &supervision, VARIANTS[v], shape, iters));
            }
        }
    }

    println!("start + stop, {rounds} interleaved rounds on a current-thread tokio runtime ({} cores)", cores());
    println!("median µs per start + stop (median of the per-round ratios to plain tokio):");
    println!(
        "{:<22} {:>22} {:>22} {:>24} {:>14}",
        "", "ours initialize+cleanup", "ours through run", "tokio-graceful-shutdown", "plain tokio"
    );
    let tokio_index = VARIANTS.len() - 1;
    for (s, &(_, label, _)) in shapes.iter().enumerate() {
        let mut row = format!("{label:<22}");
        for v in 0..VARIANTS.len() {
            let ratios: Vec<f64> = times[s][v].iter().zip(&times[s][tokio_index]).map(|(a, b)| a / b).collect();
            let mut ratios = ratios;
            let ratio = median(&mut ratios);
            let micros = median(&mut times[s][v].clone()) * 1e6;
            let width = [23, 22, 24, 14][v];
            let cell = if v == tokio_index { format!("{micros:.2}") } else { format!("{micros:.2} ({ratio:.2}×)") };
            row.push_str(&format!(" {cell:>width$}"));
        }
        println!("{row}");
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}
