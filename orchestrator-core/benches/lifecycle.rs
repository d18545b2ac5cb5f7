//! `initialize` + `cleanup` through the runtime (a hand-written `SyncComponents` impl, exactly
//! what `#[derive(Orchestrator)]` generates: `step` a `match index` of direct
//! `ComponentField::step` calls, `UsesField::step` with the dependency's field for a component
//! with `uses(...)`) versus the same lifecycle written by hand (direct calls in order, the
//! dependency passed by reference, reverse cleanup, `catch_unwind` per call, per-component state
//! and init time with `Instant`, errors collected). SPEC's goal: runtime / hand-written <= 1.05.
//!
//! Shapes: group `lifecycle` with 2, 8 and 16 trivial components; group `lifecycle_uses` with 8
//! whose components receive a dependency, a database and seven clients that each start against
//! it (`#[component(uses(db))]`, `impl Uses<&Unit> for Client`).
//!
//! `scripts/bench-runtime.sh` runs it and prints the ratios. Besides criterion's figures, the
//! binary prints a paired ratio per size: both variants measured in alternating short batches,
//! the median of the per-round ratios, which shrugs off load from other processes.
//!
//! `BENCH_LOOP=runtime/8 BENCH_ITERS=20000` (or `hand/2`, `runtime/uses8`, ...) runs one variant
//! in a plain loop and exits: for `valgrind --tool=callgrind`, whose instruction counts hold
//! steady on a busy machine (count two iteration numbers and subtract, to drop the start-up).

#[path = "support/paired.rs"]
mod paired;

use std::hint::black_box;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use orchestrator_core::__private_0_1_0::{
    ComponentField, DerivedOrchestrator, Step, StepResult, SyncComponents, UsesField,
};
use orchestrator_core::{
    CleanupError, Component, ComponentError, Failure, Health, InitError, Lifecycle, Orchestrator, Phase, State, Uses,
};

/// A trivial component: it counts its calls.
#[derive(Default)]
struct Unit {
    inits: u64,
    cleanups: u64,
}

impl Component for Unit {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.inits += 1;
        Ok(())
    }

    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.cleanups += 1;
        Ok(())
    }
}

/// A trivial component that receives a dependency, as a client starts against its database:
/// `init` records the database's generation, `cleanup` checks that the database is still open.
#[derive(Default)]
struct Client {
    inits: u64,
    cleanups: u64,
    generation: u64,
}

impl<'a> Uses<&'a Unit> for Client {
    fn init(&mut self, db: &'a Unit) -> Result<(), ComponentError> {
        self.inits += 1;
        self.generation = db.inits;
        Ok(())
    }

    fn cleanup(&mut self, db: &'a Unit) -> Result<(), ComponentError> {
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

/// The init times the hand-written lifecycle recorded.
trait InitTimes {
    fn init_times(&self) -> Vec<Option<Duration>>;
}

/// `catch_unwind` around one call, a panic turned into an error.
#[inline]
fn guarded(step: impl FnOnce() -> Result<(), ComponentError>) -> Result<(), ComponentError> {
    catch_unwind(AssertUnwindSafe(step)).unwrap_or_else(|payload| Err(panic_error(&*payload)))
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

/// A component's step as the derive writes it: through `ComponentField`, or for a component
/// with `uses(dep)`, through `UsesField` with a reference to the dependency's field.
macro_rules! derived_step {
    ($this:ident, $step:ident, $field:ident: $ty:ident) => {
        <$ty as ComponentField>::step(&mut $this.$field, $step)
    };
    ($this:ident, $step:ident, $field:ident: $ty:ident uses $dep:ident: $dty:ident) => {
        <$ty as UsesField<&$dty>>::step(&mut $this.$field, &$this.$dep, $step)
    };
}

/// A component's health as the derive writes it.
macro_rules! derived_health {
    ($this:ident, $field:ident: $ty:ident) => {
        <$ty as ComponentField>::health(&$this.$field)
    };
    ($this:ident, $field:ident: $ty:ident uses $dep:ident: $dty:ident) => {
        <$ty as UsesField<&$dty>>::health(&$this.$field)
    };
}

/// A component's `init` / `cleanup` called by hand: `Component`'s, or `Uses`' with a reference
/// to the dependency's field.
macro_rules! hand_call {
    ($this:ident, $method:ident, $field:ident) => {
        Component::$method(&mut $this.$field)
    };
    ($this:ident, $method:ident, $field:ident uses $dep:ident) => {
        Uses::$method(&mut $this.$field, &$this.$dep)
    };
}

/// An orchestrator of the listed components (`name index: Type`, with `uses dep: DepType` for a
/// component that receives a dependency; `rev`: the same, last first, the dependency's type
/// left out) with both lifecycles: `SyncComponents` as the derive writes it (the runtime's
/// `initialize`/`cleanup`), and `hand_initialize`/`hand_cleanup`.
macro_rules! orchestrator {
    (
        $name:ident, $n:literal, deps [$($deps:expr),*],
        [$($field:ident $index:literal: $ty:ident $(uses $dep:ident: $dty:ident)?),*],
        rev [$($rfield:ident $rindex:literal $(uses $rdep:ident)?),*]
    ) => {
        #[derive(Default)]
        struct $name {
            $($field: $ty,)*
            lifecycle: Lifecycle,
            hand_state: State,
            hand: [HandSlot; $n],
        }

        impl DerivedOrchestrator for $name {
            const NAME: &'static str = stringify!($name);
            const COMPONENTS: &'static [&'static str] = &[$(stringify!($field)),*];
            const DEPENDENCIES: &'static [&'static [usize]] = &[$($deps),*];
            const TYPES: &'static [&'static str] = &[$(stringify!($ty)),*];
            fn lifecycle(&self) -> &Lifecycle {
                &self.lifecycle
            }
            fn lifecycle_mut(&mut self) -> &mut Lifecycle {
                &mut self.lifecycle
            }
        }

        impl SyncComponents for $name {
            fn health(&self, index: usize) -> Option<Health> {
                match index {
                    $($index => derived_health!(self, $field: $ty $(uses $dep: $dty)?),)*
                    _ => None,
                }
            }

            #[inline]
            fn step(&mut self, index: usize, step: Step) -> StepResult {
                match index {
                    $($index => derived_step!(self, step, $field: $ty $(uses $dep: $dty)?),)*
                    _ => Ok(()),
                }
            }
        }

        impl InitTimes for $name {
            fn init_times(&self) -> Vec<Option<Duration>> {
                self.hand.iter().map(|slot| slot.init_time).collect()
            }
        }

        impl $name {
            fn hand_initialize(&mut self) -> Result<(), InitError> {
                if self.hand_state == State::Ready {
                    return Ok(());
                }
                $(
                    let start = Instant::now();
                    let result = guarded(|| hand_call!(self, init, $field $(uses $dep)?));
                    let elapsed = start.elapsed();
                    match result {
                        Ok(()) => self.hand[$index] = HandSlot { state: State::Ready, init_time: Some(elapsed) },
                        Err(cause) => {
                            self.hand[$index].state = State::Failed;
                            let rollback = self.hand_clean_up($index);
                            self.hand_state = State::Failed;
                            return Err(InitError::new(<Self as Orchestrator>::NAME, stringify!($field), Phase::Init, cause, rollback));
                        }
                    }
                )*
                self.hand_state = State::Ready;
                Ok(())
            }

            /// Cleans up the `Ready` ones among the first `count` components, last first.
            fn hand_clean_up(&mut self, count: usize) -> Vec<Failure> {
                let mut failures = Vec::new();
                $(
                    if $rindex < count && self.hand[$rindex].state == State::Ready {
                        match guarded(|| hand_call!(self, cleanup, $rfield $(uses $rdep)?)) {
                            Ok(()) => self.hand[$rindex].state = State::Stopped,
                            Err(error) => {
                                self.hand[$rindex].state = State::Failed;
                                failures.push(Failure { component: stringify!($rfield), error });
                            }
                        }
                    }
                )*
                failures
            }

            fn hand_cleanup(&mut self) -> Result<(), CleanupError> {
                if self.hand_state != State::Ready {
                    return Ok(());
                }
                let failures = self.hand_clean_up($n);
                self.hand_state = State::Stopped;
                if failures.is_empty() { Ok(()) } else { Err(CleanupError::new(<Self as Orchestrator>::NAME, failures)) }
            }
        }
    };
}

orchestrator!(Two, 2, deps [], [c0 0: Unit, c1 1: Unit], rev [c1 1, c0 0]);
orchestrator!(
    Eight,
    8,
    deps [],
    [c0 0: Unit, c1 1: Unit, c2 2: Unit, c3 3: Unit, c4 4: Unit, c5 5: Unit, c6 6: Unit, c7 7: Unit],
    rev [c7 7, c6 6, c5 5, c4 4, c3 3, c2 2, c1 1, c0 0]
);
orchestrator!(
    Sixteen,
    16,
    deps [],
    [
        c0 0: Unit, c1 1: Unit, c2 2: Unit, c3 3: Unit, c4 4: Unit, c5 5: Unit, c6 6: Unit, c7 7: Unit,
        c8 8: Unit, c9 9: Unit, c10 10: Unit, c11 11: Unit, c12 12: Unit, c13 13: Unit, c14 14: Unit, c15 15: Unit
    ],
    rev [c15 15, c14 14, c13 13, c12 12, c11 11, c10 10, c9 9, c8 8, c7 7, c6 6, c5 5, c4 4, c3 3, c2 2, c1 1, c0 0]
);
// a database and seven clients that each start against it (`#[component(uses(db))]`)
orchestrator!(
    Uses8,
    8,
    deps [&[], &[0], &[0], &[0], &[0], &[0], &[0], &[0]],
    [
        db 0: Unit,
        c1 1: Client uses db: Unit, c2 2: Client uses db: Unit, c3 3: Client uses db: Unit,
        c4 4: Client uses db: Unit, c5 5: Client uses db: Unit, c6 6: Client uses db: Unit,
        c7 7: Client uses db: Unit
    ],
    rev [
        c7 7 uses db, c6 6 uses db, c5 5 uses db, c4 4 uses db, c3 3 uses db, c2 2 uses db, c1 1 uses db,
        db 0
    ]
);

/// One `initialize` + `cleanup` through the runtime.
#[inline(never)]
fn runtime<T: Orchestrator>(o: &mut T) {
    black_box(o.initialize()).unwrap();
    black_box(o.cleanup()).unwrap();
}

macro_rules! hand {
    ($name:ident) => {
        /// One `initialize` + `cleanup` written by hand.
        #[inline(never)]
        fn $name<T>(
            o: &mut T,
            init: fn(&mut T) -> Result<(), InitError>,
            clean: fn(&mut T) -> Result<(), CleanupError>,
        ) {
            black_box(init(o)).unwrap();
            black_box(clean(o)).unwrap();
        }
    };
}
hand!(by_hand);

fn bench_size<T: Orchestrator + Default + InitTimes>(
    c: &mut Criterion,
    group: &str,
    n: usize,
    init: fn(&mut T) -> Result<(), InitError>,
    clean: fn(&mut T) -> Result<(), CleanupError>,
) {
    let mut group = c.benchmark_group(group);
    let mut derived = T::default();
    group.bench_function(BenchmarkId::new("runtime", n), |b| b.iter(|| runtime(black_box(&mut derived))));
    let mut manual = T::default();
    group.bench_function(BenchmarkId::new("hand", n), |b| b.iter(|| by_hand(black_box(&mut manual), init, clean)));
    group.finish();
    // both did the work, and the hand-written one kept what the runtime keeps
    assert_eq!(derived.state(), State::Stopped);
    assert!(manual.init_times().iter().all(Option::is_some));
}

/// Median over rounds of (runtime time / hand time), each round two alternating batches.
fn paired_ratio<T: Orchestrator + Default>(
    init: fn(&mut T) -> Result<(), InitError>,
    clean: fn(&mut T) -> Result<(), CleanupError>,
    budget: Duration,
) -> (f64, f64, f64) {
    let mut derived = T::default();
    let mut manual = T::default();
    paired::paired_ratio(
        budget,
        2_000,
        || runtime(black_box(&mut derived)),
        || by_hand(black_box(&mut manual), init, clean),
    )
}

/// `BENCH_LOOP=runtime/8` (or `hand/16`, `runtime/uses8`, ...) with `BENCH_ITERS=n`: only run
/// that variant `n` times and exit, for instruction counts under `valgrind --tool=callgrind`.
fn run_loop(spec: &str) {
    fn go<T: Orchestrator + Default>(
        variant: &str,
        iters: u64,
        init: fn(&mut T) -> Result<(), InitError>,
        clean: fn(&mut T) -> Result<(), CleanupError>,
    ) {
        let mut o = T::default();
        for _ in 0..iters {
            if variant == "hand" {
                by_hand(black_box(&mut o), init, clean);
            } else {
                runtime(black_box(&mut o));
            }
        }
    }
    let iters = std::env::var("BENCH_ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let (variant, n) = spec.split_once('/').unwrap_or((spec, "8"));
    match n {
        "2" => go::<Two>(variant, iters, Two::hand_initialize, Two::hand_cleanup),
        "16" => go::<Sixteen>(variant, iters, Sixteen::hand_initialize, Sixteen::hand_cleanup),
        "uses8" => go::<Uses8>(variant, iters, Uses8::hand_initialize, Uses8::hand_cleanup),
        _ => go::<Eight>(variant, iters, Eight::hand_initialize, Eight::hand_cleanup),
    }
}

fn main() {
    if let Ok(spec) = std::env::var("BENCH_LOOP") {
        run_loop(&spec);
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    let benchmarking = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list");
    let mut c = Criterion::default().configure_from_args();
    bench_size::<Two>(&mut c, "lifecycle", 2, Two::hand_initialize, Two::hand_cleanup);
    bench_size::<Eight>(&mut c, "lifecycle", 8, Eight::hand_initialize, Eight::hand_cleanup);
    bench_size::<Sixteen>(&mut c, "lifecycle", 16, Sixteen::hand_initialize, Sixteen::hand_cleanup);
    bench_size::<Uses8>(&mut c, "lifecycle_uses", 8, Uses8::hand_initialize, Uses8::hand_cleanup);
    c.final_summary();

    if !benchmarking || std::env::var_os("BENCH_NO_PAIRED").is_some() {
        return;
    }
    let budget =
        Duration::from_millis(std::env::var("BENCH_PAIRED_MS").ok().and_then(|s| s.parse().ok()).unwrap_or(2_000));
    println!("paired (alternating batches, median of per-round ratios):");
    println!("{:>6}  {:>12}  {:>12}  {:>8}", "n", "runtime ns", "hand ns", "ratio");
    let rows = [
        ("2", paired_ratio::<Two>(Two::hand_initialize, Two::hand_cleanup, budget)),
        ("8", paired_ratio::<Eight>(Eight::hand_initialize, Eight::hand_cleanup, budget)),
        ("16", paired_ratio::<Sixteen>(Sixteen::hand_initialize, Sixteen::hand_cleanup, budget)),
        ("uses8", paired_ratio::<Uses8>(Uses8::hand_initialize, Uses8::hand_cleanup, budget)),
    ];
    for (n, (ratio, rt, hand)) in rows {
        println!("{n:>6}  {rt:>12.1}  {hand:>12.1}  {ratio:>8.3}");
    }
}
