//! Fault injection as properties: random orchestrator sizes, random failure plans (errors and
//! panics in `init`, `cleanup`, the register hook and `health`) and random sequences of
//! lifecycle calls, compared after every call with a reference model of the lifecycle table and
//! checked against model-free invariants.
//!
//! The default is 10,000 cases per property (about ten seconds in a debug build). For a longer run:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test --release -p orchestrator-core --test properties
//! ```

mod common;

use common::{Act, HOOK, HealthAct, NAMES, Plan, Rec};
use orchestrator_core::{Graph, Health, Orchestrator, Phase, State};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};

/// The largest orchestrator the properties build.
const MAX: usize = 12;

/// 10,000 cases unless `PROPTEST_CASES` says otherwise.
fn config() -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 10_000;
    }
    config
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    Initialize,
    Cleanup,
    Status,
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![6 => Just(Act::Ok), 1 => Just(Act::Fail), 1 => Just(Act::Panic)]
}

fn health() -> impl Strategy<Value = HealthAct> {
    prop_oneof![
        3 => Just(HealthAct::Healthy),
        1 => Just(HealthAct::Degraded),
        1 => Just(HealthAct::Unhealthy),
        1 => Just(HealthAct::Panic),
    ]
}

/// A plan for one call: half the time everything succeeds, else faults at random positions.
fn plan() -> impl Strategy<Value = Plan> {
    let faulty = (
        prop::collection::vec(act(), MAX),
        prop::collection::vec(act(), MAX),
        prop::collection::vec(health(), MAX),
        act(),
    )
        .prop_map(|(init, cleanup, health, register)| Plan { init, cleanup, health, register });
    prop_oneof![Just(Plan::ok(MAX)), faulty]
}

fn call() -> impl Strategy<Value = Call> {
    prop_oneof![3 => Just(Call::Initialize), 3 => Just(Call::Cleanup), 1 => Just(Call::Status)]
}

// ---- the reference model ----

/// What the model expects a call to return.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    /// `InitError`: component, phase, panicked, rollback failures (component, panicked).
    Init(&'static str, Phase, bool, Vec<(&'static str, bool)>),
    /// `CleanupError`: failures (component, panicked) in cleanup order.
    Cleanup(Vec<(&'static str, bool)>),
}

/// The lifecycle table, written as plainly as possible.
struct Model {
    n: usize,
    state: State,
    components: Vec<State>,
    /// The cause of the last failed call: component (or hook) and phase.
    last_failure: Option<(&'static str, Phase)>,
}

impl Model {
    fn new(n: usize) -> Self {
        Self { n, state: State::Created, components: vec![State::Created; n], last_failure: None }
    }

    /// Cleans up the `Ready` ones among the first `count`, last first.
    fn clean_up(&mut self, count: usize, plan: &Plan, log: &mut Vec<String>) -> Vec<(&'static str, bool)> {
        let mut failures = Vec::new();
        for i in (0..count).rev() {
            if self.components[i] != State::Ready {
                continue;
            }
            log.push(format!("cleanup {}", NAMES[i]));
            match plan.cleanup[i] {
                Act::Ok => self.components[i] = State::Stopped,
                bad => {
                    self.components[i] = State::Failed;
                    failures.push((NAMES[i], bad == Act::Panic));
                }
            }
        }
        failures
    }

    #[allow(clippy::needless_range_loop, reason = "index into four parallel tables, as the lifecycle table reads")]
    fn initialize(&mut self, plan: &Plan, log: &mut Vec<String>) -> Outcome {
        if self.state == State::Ready {
            return Outcome::Ok;
        }
        for i in 0..self.n {
            log.push(format!("init {}", NAMES[i]));
            match plan.init[i] {
                Act::Ok => self.components[i] = State::Ready,
                bad => {
                    self.components[i] = State::Failed;
                    // rows this attempt never reached are fresh
                    self.components[i + 1..].fill(State::Created);
                    let rollback = self.clean_up(i, plan, log);
                    self.state = State::Failed;
                    self.last_failure = Some((NAMES[i], Phase::Init));
                    return Outcome::Init(NAMES[i], Phase::Init, bad == Act::Panic, rollback);
                }
            }
        }
        log.push(HOOK.to_owned());
        match plan.register {
            Act::Ok => {
                self.state = State::Ready;
                Outcome::Ok
            }
            bad => {
                let rollback = self.clean_up(self.n, plan, log);
                self.state = State::Failed;
                self.last_failure = Some((HOOK, Phase::Register));
                Outcome::Init(HOOK, Phase::Register, bad == Act::Panic, rollback)
            }
        }
    }

    fn cleanup(&mut self, plan: &Plan, log: &mut Vec<String>) -> Outcome {
        if self.state != State::Ready {
            return Outcome::Ok;
        }
        let failures = self.clean_up(self.n, plan, log);
        self.state = State::Stopped;
        if let Some(&(component, _)) = failures.first() {
            self.last_failure = Some((component, Phase::Cleanup));
        }
        if failures.is_empty() { Outcome::Ok } else { Outcome::Cleanup(failures) }
    }

    /// The health `status()` reports per component, and the `health` calls it makes.
    fn status(&self, plan: &Plan, log: &mut Vec<String>) -> Vec<Health> {
        (0..self.n)
            .map(|i| {
                if self.components[i] != State::Ready {
                    return Health::Unknown;
                }
                log.push(format!("health {}", NAMES[i]));
                match plan.health[i] {
                    HealthAct::Healthy => Health::Healthy,
                    HealthAct::Degraded => Health::Degraded("slow".into()),
                    HealthAct::Unhealthy => Health::Unhealthy("down".into()),
                    HealthAct::Panic => Health::Unhealthy(format!("panicked: {} health panicked", NAMES[i])),
                }
            })
            .collect()
    }
}

// ---- model-free invariants over the whole history ----

/// Components initialized and not yet cleaned up, in initialization order.
#[derive(Default)]
struct Live(Vec<usize>);

impl Live {
    /// Replays one call's log: an `init` that succeeded makes its component live (it must not be
    /// already); a `cleanup` must be of the most recently initialized live component (reverse
    /// order, exactly once per init, never of an uninitialized one).
    fn replay(&mut self, log: &[String], plan: &Plan) -> Result<(), TestCaseError> {
        for line in log {
            let Some((what, name)) = line.split_once(' ') else { continue };
            let index = NAMES.iter().position(|n| *n == name).expect("a component name");
            match what {
                "init" => {
                    prop_assert!(!self.0.contains(&index), "`{name}` initialized twice without cleanup");
                    if plan.init[index] == Act::Ok {
                        self.0.push(index);
                    }
                }
                "cleanup" => {
                    prop_assert_eq!(self.0.pop(), Some(index), "`{}` cleaned out of order or uninitialized", name);
                }
                "health" => prop_assert!(self.0.contains(&index), "health asked of `{}`, not initialized", name),
                other => prop_assert!(false, "unexpected log line {other}"),
            }
        }
        Ok(())
    }
}

// ---- the property ----

fn run<const N: usize>(calls: &[(Call, Plan)]) -> Result<(), TestCaseError> {
    let mut rec = Rec::<N>::new();
    let mut model = Model::new(N);
    let mut live = Live::default();
    for (step, (call, plan)) in calls.iter().enumerate() {
        rec.plan(|p| *p = plan.clone());
        let mut expected_log = Vec::new();
        match call {
            Call::Initialize => {
                let expected = model.initialize(plan, &mut expected_log);
                let got = match rec.initialize() {
                    Ok(()) => Outcome::Ok,
                    Err(e) => {
                        let rollback = e.rollback_errors().iter().map(|f| (f.component, f.error.is_panic())).collect();
                        prop_assert_eq!(e.orchestrator(), "Rec");
                        Outcome::Init(e.component(), e.phase(), e.cause().is_panic(), rollback)
                    }
                };
                prop_assert_eq!(got, expected, "step {} initialize", step);
            }
            Call::Cleanup => {
                let expected = model.cleanup(plan, &mut expected_log);
                let got = match rec.cleanup() {
                    Ok(()) => Outcome::Ok,
                    Err(e) => Outcome::Cleanup(e.errors().iter().map(|f| (f.component, f.error.is_panic())).collect()),
                };
                prop_assert_eq!(got, expected, "step {} cleanup", step);
            }
            Call::Status => {
                let expected = model.status(plan, &mut expected_log);
                let status = rec.status();
                let got: Vec<Health> = status.components.iter().map(|c| c.health.clone()).collect();
                prop_assert_eq!(got, expected, "step {} status", step);
                prop_assert_eq!(status.state, model.state);
                let failure = status.last_failure.as_ref().map(|f| (f.component, f.phase));
                prop_assert_eq!(failure, model.last_failure, "step {} last failure", step);
                prop_assert_eq!(status.to_string().lines().count(), N + 2 + usize::from(failure.is_some()));
            }
        }
        let log = rec.take_log();
        prop_assert_eq!(&log, &expected_log, "step {} {:?} log", step, call);
        live.replay(&log, plan)?;

        prop_assert_eq!(rec.state(), model.state, "step {} orchestrator state", step);
        prop_assert_eq!(rec.states(), model.components.clone(), "step {} component states", step);
        // what the table promises, independently of the model
        match rec.state() {
            State::Ready => prop_assert_eq!(&live.0, &(0..N).collect::<Vec<_>>(), "Ready: every component live"),
            _ => prop_assert!(live.0.is_empty(), "not Ready, yet {:?} still initialized", live.0),
        }
    }
    Ok(())
}

fn run_n(n: usize, calls: &[(Call, Plan)]) -> Result<(), TestCaseError> {
    match n {
        0 => run::<0>(calls),
        1 => run::<1>(calls),
        2 => run::<2>(calls),
        3 => run::<3>(calls),
        4 => run::<4>(calls),
        5 => run::<5>(calls),
        6 => run::<6>(calls),
        7 => run::<7>(calls),
        8 => run::<8>(calls),
        9 => run::<9>(calls),
        10 => run::<10>(calls),
        11 => run::<11>(calls),
        12 => run::<12>(calls),
        _ => unreachable!("n is at most {MAX}"),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn lifecycle_matches_the_model_under_random_faults(
        n in 0..=MAX,
        calls in prop::collection::vec((call(), plan()), 1..8),
    ) {
        run_n(n, &calls)?;
    }

    #[test]
    fn graph_levels_respect_every_dependency(deps in graph_shape()) {
        let components: &'static [&'static str] = &NAMES[..deps.len()];
        let dependencies: &'static [&'static [usize]] =
            Box::leak(deps.iter().map(|d| &*Box::leak(d.clone().into_boxed_slice())).collect::<Vec<_>>().into_boxed_slice());
        let graph = Graph::new("Shape", components, dependencies);
        let levels = graph.levels();
        prop_assert_eq!(levels.len(), deps.len());
        for (i, ds) in deps.iter().enumerate() {
            for &d in ds {
                prop_assert!(levels[i] > levels[d], "level of {} ({}) not above its dependency {} ({})", i, levels[i], d, levels[d]);
            }
            // the level is the smallest that works: 0 with no dependency, else one above the deepest
            let expected = ds.iter().map(|&d| levels[d] + 1).max().unwrap_or(0);
            prop_assert_eq!(levels[i], expected);
            prop_assert_eq!(graph.dependencies_of(i), &ds[..]);
        }
        let edges: Vec<(usize, usize)> = graph.edges().collect();
        prop_assert_eq!(edges.len(), deps.iter().map(Vec::len).sum::<usize>());
        let mermaid = graph.to_mermaid();
        let dot = graph.to_dot();
        for &(from, to) in &edges {
            prop_assert!(deps[to].contains(&from));
            prop_assert!(mermaid.contains(&format!("    {} --> {}\n", NAMES[from], NAMES[to])), "{}", mermaid);
            prop_assert!(dot.contains(&format!("    \"{}\" -> \"{}\";\n", NAMES[from], NAMES[to])), "{}", dot);
        }
        for name in components {
            prop_assert!(mermaid.contains(name));
            prop_assert!(dot.contains(&format!("\"{}\";", name)), "{}", dot);
        }
    }
}

/// A random DAG in initialization order: component `i` depends on a subset of `0..i`.
fn graph_shape() -> impl Strategy<Value = Vec<Vec<usize>>> {
    (0..=MAX).prop_flat_map(|n| {
        (0..n)
            .map(|i| {
                prop::collection::btree_set(0..i.max(1), 0..=i.min(3))
                    .prop_map(move |s| s.into_iter().filter(|&d| d < i).collect())
            })
            .collect::<Vec<_>>()
    })
}

#[test]
fn the_model_itself_rolls_back_in_reverse() {
    // a fixed case, so a broken model cannot make the property vacuous
    let mut model = Model::new(3);
    let mut plan = Plan::ok(MAX);
    plan.init[2] = Act::Fail;
    plan.cleanup[0] = Act::Panic;
    let mut log = Vec::new();
    let outcome = model.initialize(&plan, &mut log);
    assert_eq!(log, ["init a", "init b", "init c", "cleanup b", "cleanup a"]);
    assert_eq!(outcome, Outcome::Init("c", Phase::Init, false, vec![("a", true)]));
    assert_eq!(model.components, [State::Failed, State::Stopped, State::Failed]);
}
