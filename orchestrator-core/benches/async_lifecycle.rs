//! The async lifecycle: `initialize().await` + `cleanup().await` through the runtime (a
//! hand-written `AsyncComponents` impl, exactly what `#[derive(Orchestrator)]` generates for
//! `#[orchestrator(async)]`: `level` has one `match` arm per dependency level, each pinning its
//! components' boxed step futures, `AsyncComponentField::step`, in the level's `async` block; the
//! engine joins the futures of a level) versus the same lifecycle written by hand: each
//! level's futures (the components' own concrete futures, neither boxed nor spawned) joined by
//! a join written out for that level, `catch_unwind` around every poll, per-component state and
//! init time (from the level's start) recorded the moment each future completes, the first
//! failure in initialization order rolled back, cleanup level by level from the deepest, errors
//! collected. Trivial async components, ready at their first poll, driven by a std-only
//! `block_on` with a no-op waker: no async runtime.
//!
//! Shapes: `async_wide` with 2, 8 and 16 components on one level (their futures join),
//! `async_chain` with 8 components each `after` the previous one (8 levels of one component),
//! and `async_uses` with 8 whose components receive a dependency: a database and seven clients
//! that each start against it (`#[component(uses(db))]`, `impl AsyncUses<&Unit> for Client`),
//! so two levels, the database alone, then the seven clients joined, each future borrowing the
//! database. The derive builds those futures through `AsyncUsesField::step` with a reference to
//! the database's field; by hand, `AsyncUses::init(&mut self.c1, &self.db)`.
//!
//! What the engine does and the hand-written code leaves out: tracing (a span per call and an
//! event per step, with the default `tracing` feature and no subscriber here), deadlines and
//! per-component timeouts (none set: a check each), and the cancellation bookkeeping (the
//! orchestrator is `Starting` / `Stopping` while a call runs, and an `initialize()` first
//! releases what an interrupted call left initialized).
//!
//! `scripts/bench-runtime.sh` runs it after the sync benchmark and prints the ratios
//! runtime / hand-written. As in `lifecycle.rs`, the binary also prints a paired ratio per
//! shape: both variants measured in alternating short batches, the median of the per-round
//! ratios, which shrugs off load from other processes.
//!
//! `BENCH_LOOP=runtime/8 BENCH_ITERS=20000` (or `hand/2`, `runtime/chain8`, `runtime/uses8`,
//! ...) runs one variant in a plain loop and exits, for `valgrind --tool=callgrind`.

#[path = "support/paired.rs"]
mod paired;

use std::future::{Future, poll_fn};
use std::hint::black_box;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use orchestrator_core::__private_0_1_0 as p;
use orchestrator_core::{
    AsyncComponent, AsyncOrchestrator, AsyncUses, CleanupError, ComponentError, Failure, Health, InitError, Lifecycle,
    Phase, State,
};

/// Polls `future` on this thread until it is done. The waker does nothing: every future here
/// is ready at its first poll, or wakes itself at once.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::hint::spin_loop();
    }
}

/// A trivial async component: it counts its calls.
#[derive(Default)]
struct Unit {
    inits: u64,
    cleanups: u64,
}

impl AsyncComponent for Unit {
    async fn init(&mut self) -> Result<(), ComponentError> {
        self.inits += 1;
        Ok(())
    }

    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.cleanups += 1;
        Ok(())
    }
}

/// A trivial async component that receives a dependency, as a client starts against its
/// database: `init` records the database's generation, `cleanup` checks that the database is
/// still open.
#[derive(Default)]
struct Client {
    inits: u64,
    cleanups: u64,
    generation: u64,
}

impl<'a> AsyncUses<&'a Unit> for Client {
    async fn init(&mut self, db: &'a Unit) -> Result<(), ComponentError> {
        self.inits += 1;
        self.generation = db.inits;
        Ok(())
    }

    async fn cleanup(&mut self, db: &'a Unit) -> Result<(), ComponentError> {
        if db.cleanups >= db.inits {
            return Err("the database closed first".into());
        }
        self.cleanups += 1;
        Ok(())
    }
}

/// The hand-written lifecycle's record of one component.
#[derive(Clone, Copy, Default)]
struct HandSlot {
    state: State,
    init_time: Option<Duration>,
}

#[cold]
fn panic_error(payload: &(dyn std::any::Any + Send)) -> ComponentError {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    ComponentError::msg(format!("panicked: {message}"))
}

/// Records the outcome of one component's step; a failure goes into `failures` with the
/// component's index.
#[inline]
fn record(
    slot: &mut HandSlot,
    phase: Phase,
    start: Option<Instant>,
    result: Result<(), ComponentError>,
    (index, component): (usize, &'static str),
    failures: &mut Vec<(usize, Failure)>,
) {
    match result {
        Ok(()) if phase == Phase::Init => {
            *slot = HandSlot { state: State::Ready, init_time: start.map(|start| start.elapsed()) }
        }
        Ok(()) => slot.state = State::Stopped,
        Err(error) => {
            slot.state = State::Failed;
            failures.push((index, Failure { component, error }));
        }
    }
}

/// A component's step future as the derive builds it: through `AsyncComponentField`, or for a component
/// with `uses(dep)`, through `AsyncUsesField` with a reference to the dependency's field.
macro_rules! derived_step {
    ($this:ident, $step:ident, $field:ident: $ty:ident) => {
        <$ty as p::AsyncComponentField>::step(&mut $this.$field, $step)
    };
    ($this:ident, $step:ident, $field:ident: $ty:ident uses $dep:ident: $dty:ident) => {
        <$ty as p::AsyncUsesField<&$dty>>::step(&mut $this.$field, &$this.$dep, $step)
    };
}

/// A component's health as the derive reads it.
macro_rules! derived_health {
    ($this:ident, $field:ident: $ty:ident) => {
        <$ty as p::AsyncComponentField>::health(&$this.$field)
    };
    ($this:ident, $field:ident: $ty:ident uses $dep:ident: $dty:ident) => {
        <$ty as p::AsyncUsesField<&$dty>>::health(&$this.$field)
    };
}

/// Whether a component blocks, as the derive reads it.
macro_rules! derived_blocking {
    ($field:ident: $ty:ident) => {
        <$ty as p::AsyncComponentField>::BLOCKING
    };
    ($field:ident: $ty:ident uses $dep:ident: $dty:ident) => {
        <$ty as p::AsyncUsesField<&$dty>>::BLOCKING
    };
}

/// A component's `init` / `cleanup` future called by hand: `AsyncComponent`'s, or
/// `AsyncUses`' with a reference to the dependency's field.
macro_rules! hand_call {
    ($this:ident, $method:ident, $field:ident) => {
        AsyncComponent::$method(&mut $this.$field)
    };
    ($this:ident, $method:ident, $field:ident uses $dep:ident) => {
        AsyncUses::$method(&mut $this.$field, &$this.$dep)
    };
}

/// One level of the hand-written lifecycle: the `$step` futures of the listed components (for
/// `cleanup`, of those that are `Ready`), each pinned on the stack, polled in turn inside
/// `catch_unwind` until all are done, each one dropped and its outcome recorded the moment it
/// completes. Evaluates to the failures, `(index, failure)`, in the order they finished.
macro_rules! join_level {
    ($this:ident, $step:ident, $phase:expr, [$($field:ident $index:literal $(uses $dep:ident)?),+]) => {{
        let phase: Phase = $phase;
        // only `init` times are kept
        let start = (phase == Phase::Init).then(Instant::now);
        let mut failures: Vec<(usize, Failure)> = Vec::new();
        $(
            let picked = phase == Phase::Init || $this.hand[$index].state == State::Ready;
            if picked {
                $this.hand[$index].state = if phase == Phase::Init { State::Starting } else { State::Stopping };
            }
            let mut $field = pin!(if picked { Some(hand_call!($this, $step, $field $(uses $dep)?)) } else { None });
        )+
        poll_fn(|cx| {
            let mut running = false;
            $(
                if let Some(future) = $field.as_mut().as_pin_mut() {
                    let result = match catch_unwind(AssertUnwindSafe(|| future.poll(cx))) {
                        Ok(Poll::Pending) => None,
                        Ok(Poll::Ready(result)) => Some(result),
                        Err(payload) => Some(Err(panic_error(&*payload))),
                    };
                    match result {
                        None => running = true,
                        Some(result) => {
                            $field.set(None);
                            let component = ($index, stringify!($field));
                            record(&mut $this.hand[$index], phase, start, result, component, &mut failures);
                        }
                    }
                }
            )+
            if running { Poll::Pending } else { Poll::Ready(()) }
        })
        .await;
        failures
    }};
}

/// Both lifecycles of an orchestrator: `hand_initialize` / `hand_cleanup`.
trait Hand {
    async fn hand_initialize(&mut self) -> Result<(), InitError>;
    async fn hand_cleanup(&mut self) -> Result<(), CleanupError>;
    /// The init times the hand-written lifecycle recorded.
    fn init_times(&self) -> Vec<Option<Duration>>;
}

/// An async orchestrator of the listed components (`name index: Type`, with `uses dep: DepType`
/// for a component that receives a dependency), level by level (`rev`: the levels from the
/// deepest, each in reverse, the types left out), with both lifecycles: `AsyncComponents` as
/// the derive writes it (the runtime's `initialize`/`cleanup`), and [`Hand`].
macro_rules! orchestrator {
    (
        $name:ident, $n:literal, deps [$($deps:expr),*],
        levels [$($level:literal => [$($field:ident $index:literal: $ty:ident $(uses $dep:ident: $dty:ident)?),+]),+],
        rev [$([$($rfield:ident $rindex:literal $(uses $rdep:ident)?),+]),+]
    ) => {
        #[derive(Default)]
        struct $name {
            $($($field: $ty,)+)+
            lifecycle: Lifecycle,
            hand_state: State,
            hand: [HandSlot; $n],
        }

        // what the derive generates (see the module docs of `orchestrator_core::asynchronous`)
        impl p::DerivedOrchestrator for $name {
            const NAME: &'static str = stringify!($name);
            const COMPONENTS: &'static [&'static str] = &[$($(stringify!($field)),+),+];
            const DEPENDENCIES: &'static [&'static [usize]] = &[$($deps),*];
            const TYPES: &'static [&'static str] = &[$($(stringify!($ty)),+),+];
            fn lifecycle(&self) -> &p::Lifecycle {
                &self.lifecycle
            }
            fn lifecycle_mut(&mut self) -> &mut p::Lifecycle {
                &mut self.lifecycle
            }
        }

        impl p::AsyncComponents for $name {
            fn depth(&self) -> usize {
                [$($level),+].len()
            }
            fn level<'a>(
                &'a mut self,
                level: usize,
                pass: &'a mut p::Pass<'_>,
            ) -> impl std::future::Future<Output = ()> + Send + 'a {
                async move {
                    let step = pass.step();
                    let lifecycle = &mut self.lifecycle;
                    match level {
                        $($level => {
                            $(let $field = std::pin::pin!(pass.start(lifecycle, $index, |_| derived_step!(self, step, $field: $ty $(uses $dep: $dty)?)));)+
                            pass.join(lifecycle, &mut [$(($index, $field as _)),+]).await;
                        })+
                        _ => {}
                    }
                }
            }
            fn health(&self, index: usize) -> Option<Health> {
                match index {
                    $($($index => derived_health!(self, $field: $ty $(uses $dep: $dty)?),)+)+
                    _ => None,
                }
            }
            fn blocking(&self, index: usize) -> bool {
                match index {
                    $($($index => derived_blocking!($field: $ty $(uses $dep: $dty)?),)+)+
                    _ => false,
                }
            }
        }

        impl $name {
            /// Cleans up every `Ready` component, level by level from the deepest; the failures
            /// level by level and, within a level, in reverse initialization order.
            async fn hand_clean_up(&mut self) -> Vec<Failure> {
                let mut all = Vec::new();
                $(
                    let mut failures = join_level!(self, cleanup, Phase::Cleanup, [$($rfield $rindex $(uses $rdep)?),+]);
                    if !failures.is_empty() {
                        failures.sort_by_key(|(index, _)| std::cmp::Reverse(*index));
                        all.extend(failures.into_iter().map(|(_, failure)| failure));
                    }
                )+
                all
            }

            /// A level failed: its first failure in initialization order is the cause, every
            /// `Ready` component is cleaned up, the orchestrator is `Failed`.
            async fn hand_fail(&mut self, mut failures: Vec<(usize, Failure)>) -> InitError {
                failures.sort_by_key(|(index, _)| *index);
                let mut failures = failures.into_iter().map(|(_, failure)| failure);
                let cause = failures.next().expect("a level fails with a failure");
                let also_failed = failures.collect();
                let rollback = self.hand_clean_up().await;
                self.hand_state = State::Failed;
                let name = <Self as AsyncOrchestrator>::NAME;
                InitError::new(name, cause.component, Phase::Init, cause.error, rollback).with_also_failed(also_failed)
            }
        }

        impl Hand for $name {
            async fn hand_initialize(&mut self) -> Result<(), InitError> {
                if self.hand_state == State::Ready {
                    return Ok(());
                }
                $(
                    let failures = join_level!(self, init, Phase::Init, [$($field $index $(uses $dep)?),+]);
                    if !failures.is_empty() {
                        return Err(self.hand_fail(failures).await);
                    }
                )+
                self.hand_state = State::Ready;
                Ok(())
            }

            async fn hand_cleanup(&mut self) -> Result<(), CleanupError> {
                if self.hand_state != State::Ready {
                    return Ok(());
                }
                let failures = self.hand_clean_up().await;
                self.hand_state = State::Stopped;
                if failures.is_empty() {
                    Ok(())
                } else {
                    Err(CleanupError::new(<Self as AsyncOrchestrator>::NAME, failures))
                }
            }

            fn init_times(&self) -> Vec<Option<Duration>> {
                self.hand.iter().map(|slot| slot.init_time).collect()
            }
        }
    };
}

orchestrator!(Two, 2, deps [], levels [0 => [c0 0: Unit, c1 1: Unit]], rev [[c1 1, c0 0]]);
orchestrator!(
    Eight,
    8,
    deps [],
    levels [0 => [c0 0: Unit, c1 1: Unit, c2 2: Unit, c3 3: Unit, c4 4: Unit, c5 5: Unit, c6 6: Unit, c7 7: Unit]],
    rev [[c7 7, c6 6, c5 5, c4 4, c3 3, c2 2, c1 1, c0 0]]
);
orchestrator!(
    Sixteen,
    16,
    deps [],
    levels [0 => [
        c0 0: Unit, c1 1: Unit, c2 2: Unit, c3 3: Unit, c4 4: Unit, c5 5: Unit, c6 6: Unit, c7 7: Unit,
        c8 8: Unit, c9 9: Unit, c10 10: Unit, c11 11: Unit, c12 12: Unit, c13 13: Unit, c14 14: Unit, c15 15: Unit
    ]],
    rev [[c15 15, c14 14, c13 13, c12 12, c11 11, c10 10, c9 9, c8 8, c7 7, c6 6, c5 5, c4 4, c3 3, c2 2, c1 1, c0 0]]
);
orchestrator!(
    Chain8,
    8,
    deps [&[], &[0], &[1], &[2], &[3], &[4], &[5], &[6]],
    levels [
        0 => [c0 0: Unit], 1 => [c1 1: Unit], 2 => [c2 2: Unit], 3 => [c3 3: Unit],
        4 => [c4 4: Unit], 5 => [c5 5: Unit], 6 => [c6 6: Unit], 7 => [c7 7: Unit]
    ],
    rev [[c7 7], [c6 6], [c5 5], [c4 4], [c3 3], [c2 2], [c1 1], [c0 0]]
);

// a database and seven clients that each start against it (`#[component(uses(db))]`): the
// database on level 0, the clients joined on level 1
orchestrator!(
    Uses8,
    8,
    deps [&[], &[0], &[0], &[0], &[0], &[0], &[0], &[0]],
    levels [
        0 => [db 0: Unit],
        1 => [
            c1 1: Client uses db: Unit, c2 2: Client uses db: Unit, c3 3: Client uses db: Unit,
            c4 4: Client uses db: Unit, c5 5: Client uses db: Unit, c6 6: Client uses db: Unit,
            c7 7: Client uses db: Unit
        ]
    ],
    rev [[c7 7 uses db, c6 6 uses db, c5 5 uses db, c4 4 uses db, c3 3 uses db, c2 2 uses db, c1 1 uses db], [db 0]]
);

/// One `initialize().await` + `cleanup().await` through the runtime.
#[inline(never)]
fn runtime<T: AsyncOrchestrator>(o: &mut T) {
    black_box(block_on(o.initialize())).unwrap();
    black_box(block_on(o.cleanup())).unwrap();
}

/// One `initialize().await` + `cleanup().await` written by hand.
#[inline(never)]
fn by_hand<T: Hand>(o: &mut T) {
    black_box(block_on(o.hand_initialize())).unwrap();
    black_box(block_on(o.hand_cleanup())).unwrap();
}

fn bench_shape<T: AsyncOrchestrator + Hand + Default>(c: &mut Criterion, group: &str, n: usize) {
    let mut group = c.benchmark_group(group);
    let mut derived = T::default();
    group.bench_function(BenchmarkId::new("runtime", n), |b| b.iter(|| runtime(black_box(&mut derived))));
    let mut manual = T::default();
    group.bench_function(BenchmarkId::new("hand", n), |b| b.iter(|| by_hand(black_box(&mut manual))));
    group.finish();
    // both did the work, and the hand-written one kept what the runtime keeps
    assert_eq!(derived.state(), State::Stopped);
    assert!(manual.init_times().iter().all(Option::is_some));
}

/// Median over rounds of (runtime time / hand time), each round two alternating batches.
fn paired_ratio<T: AsyncOrchestrator + Hand + Default>(budget: Duration) -> (f64, f64, f64) {
    let mut derived = T::default();
    let mut manual = T::default();
    paired::paired_ratio(budget, 1_000, || runtime(black_box(&mut derived)), || by_hand(black_box(&mut manual)))
}

/// `BENCH_LOOP=runtime/8` (or `hand/16`, `runtime/chain8`, `runtime/uses8`, ...) with
/// `BENCH_ITERS=n`: only run that variant `n` times and exit, for instruction counts under
/// `valgrind --tool=callgrind`.
fn run_loop(spec: &str) {
    fn go<T: AsyncOrchestrator + Hand + Default>(variant: &str, iters: u64) {
        let mut o = T::default();
        for _ in 0..iters {
            if variant == "hand" {
                by_hand(black_box(&mut o));
            } else {
                runtime(black_box(&mut o));
            }
        }
    }
    let iters = std::env::var("BENCH_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let (variant, shape) = spec.split_once('/').unwrap_or((spec, "8"));
    match shape {
        "2" => go::<Two>(variant, iters),
        "16" => go::<Sixteen>(variant, iters),
        "chain8" => go::<Chain8>(variant, iters),
        "uses8" => go::<Uses8>(variant, iters),
        _ => go::<Eight>(variant, iters),
    }
}

fn main() {
    if let Ok(spec) = std::env::var("BENCH_LOOP") {
        run_loop(&spec);
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    let benchmarking = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list");
    // `BENCH_PAIRED_ONLY=1`: only the paired ratios (a quick look while working on the engine)
    if std::env::var_os("BENCH_PAIRED_ONLY").is_none() {
        let mut c = Criterion::default().configure_from_args();
        bench_shape::<Two>(&mut c, "async_wide", 2);
        bench_shape::<Eight>(&mut c, "async_wide", 8);
        bench_shape::<Sixteen>(&mut c, "async_wide", 16);
        bench_shape::<Chain8>(&mut c, "async_chain", 8);
        bench_shape::<Uses8>(&mut c, "async_uses", 8);
        c.final_summary();
    }

    if !benchmarking || std::env::var_os("BENCH_NO_PAIRED").is_some() {
        return;
    }
    let budget =
        Duration::from_millis(std::env::var("BENCH_PAIRED_MS").ok().and_then(|s| s.parse().ok()).unwrap_or(2_000));
    println!("paired async (alternating batches, median of per-round ratios):");
    println!("{:>8}  {:>12}  {:>12}  {:>8}", "shape", "runtime ns", "hand ns", "ratio");
    let rows = [
        ("wide/2", paired_ratio::<Two>(budget)),
        ("wide/8", paired_ratio::<Eight>(budget)),
        ("wide/16", paired_ratio::<Sixteen>(budget)),
        ("chain/8", paired_ratio::<Chain8>(budget)),
        ("uses/8", paired_ratio::<Uses8>(budget)),
    ];
    for (shape, (ratio, rt, hand)) in rows {
        println!("{shape:>8}  {rt:>12.1}  {hand:>12.1}  {ratio:>8.3}");
    }
}
