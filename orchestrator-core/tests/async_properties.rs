//! Fault injection with random cancellation, as properties of the async lifecycle: random
//! dependency graphs (of `GRAPHS`), random scripts (errors and panics in `init`, `cleanup` and
//! the register hook, random numbers of yields) and random sequences of `initialize()` /
//! `cleanup()`, each either run to its end or dropped after a random number of polls.
//!
//! After every call, finished or dropped: every resource saw `init` and `cleanup` alternate;
//! coordination is accepted exactly when the orchestrator is `Ready`; each status row says
//! whether its component holds its resource. After every call that finished: its result,
//! the orchestrator's state and the last failure are what a reference model of the lifecycle
//! table says, computed from what was held before the call (so the model needs no knowledge
//! of where a dropped call stopped). At the end a full `cleanup()` releases everything.
//!
//! 10,000 cases per run by default; `PROPTEST_CASES=200000 cargo test --release -p
//! orchestrator-core --test async_properties` for a longer one.

mod async_support;

use async_support::block_on;
use async_support::net::{Act, GRAPHS, MAX, Net, Script, Shape, poll_times};
use orchestrator_core::{AsyncOrchestrator, Graph, Phase, State};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};

fn config() -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 10_000;
    }
    config
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Initialize,
    Cleanup,
}

/// One call: what it is, the scripts it runs with, and whether it is dropped after some polls.
#[derive(Debug, Clone)]
struct Call {
    kind: Kind,
    scripts: Vec<Script>,
    hook: Script,
    cancel: Option<usize>,
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![8 => Just(Act::Ok), 1 => Just(Act::Fail), 1 => Just(Act::Panic)]
}

fn script() -> impl Strategy<Value = Script> {
    (act(), act(), 0..4u8, 0..4u8).prop_map(|(init, cleanup, init_yields, cleanup_yields)| Script {
        init,
        cleanup,
        init_yields,
        cleanup_yields,
    })
}

fn call() -> impl Strategy<Value = Call> {
    let kind = prop_oneof![Just(Kind::Initialize), Just(Kind::Cleanup)];
    let cancel = prop_oneof![1 => Just(None), 1 => (0..30usize).prop_map(Some)];
    (kind, prop::collection::vec(script(), MAX), script(), cancel).prop_map(|(kind, scripts, hook, cancel)| Call {
        kind,
        scripts,
        hook,
        cancel,
    })
}

// ---- the reference model ----

/// What a finished call returns: for `initialize`, the cause (component, phase, panicked), the
/// other failures of its level and the rollback's failures; for `cleanup`, its failures.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Init(Failed, Vec<Failed>, Vec<Failed>),
    Cleanup(Vec<Failed>),
}

/// A failure: (component or hook, phase, panicked).
type Failed = (&'static str, Phase, bool);

struct Model<'s> {
    shape: &'s Shape,
    levels: Vec<usize>,
}

impl Model<'_> {
    fn failed(&self, index: usize, phase: Phase, act: Act) -> Failed {
        (self.shape.components[index], phase, act == Act::Panic)
    }

    /// Cleans up every held component, level by level from the deepest, in reverse order
    /// within a level; every cleanup releases (even a failing one); returns the failures.
    fn clean_up(&self, held: &mut [bool], scripts: &[Script]) -> Vec<Failed> {
        let mut failures = Vec::new();
        let top = self.levels.iter().copied().max().unwrap_or(0);
        for level in (0..=top).rev() {
            for index in (0..held.len()).rev() {
                if self.levels[index] == level && held[index] {
                    held[index] = false;
                    if scripts[index].cleanup != Act::Ok {
                        failures.push(self.failed(index, Phase::Cleanup, scripts[index].cleanup));
                    }
                }
            }
        }
        failures
    }

    /// `initialize()` run to its end from `state`, `held` the resources held before.
    fn initialize(
        &self,
        state: State,
        held: &mut [bool],
        call: &Call,
    ) -> (Outcome, State, Option<(&'static str, Phase)>) {
        if state == State::Ready {
            return (Outcome::Ok, State::Ready, None);
        }
        // an interrupted call's leftovers are released first; their first failure is the
        // last failure, unless the start fails
        let leftovers = self.clean_up(held, &call.scripts);
        let last = leftovers.first().map(|f| (f.0, Phase::Cleanup));
        let top = self.levels.iter().copied().max().unwrap_or(0);
        for level in 0..=top {
            let mut failing = Vec::new();
            for (index, held) in held.iter_mut().enumerate() {
                if self.levels[index] != level {
                    continue;
                }
                match call.scripts[index].init {
                    Act::Ok => *held = true,
                    bad => failing.push(self.failed(index, Phase::Init, bad)),
                }
            }
            if !failing.is_empty() {
                let cause = failing.remove(0);
                let rollback = self.clean_up(held, &call.scripts);
                return (Outcome::Init(cause, failing, rollback), State::Failed, Some((cause.0, Phase::Init)));
            }
        }
        if call.hook.init != Act::Ok {
            let rollback = self.clean_up(held, &call.scripts);
            let cause = ("wire", Phase::Register, call.hook.init == Act::Panic);
            return (Outcome::Init(cause, Vec::new(), rollback), State::Failed, Some(("wire", Phase::Register)));
        }
        (Outcome::Ok, State::Ready, last)
    }

    /// `cleanup()` run to its end from `state`.
    fn cleanup(&self, state: State, held: &mut [bool], call: &Call) -> (Outcome, State, Option<(&'static str, Phase)>) {
        let any_held = held.iter().any(|&h| h);
        if state != State::Ready && !any_held {
            let after = if matches!(state, State::Starting | State::Stopping) { State::Stopped } else { state };
            return (Outcome::Ok, after, None);
        }
        let failures = self.clean_up(held, &call.scripts);
        let last = failures.first().map(|f| (f.0, Phase::Cleanup));
        let outcome = if failures.is_empty() { Outcome::Ok } else { Outcome::Cleanup(failures) };
        (outcome, State::Stopped, last)
    }
}

// ---- the property ----

/// What must hold after every call, finished or dropped.
fn invariants<const G: usize>(net: &Net<G>, step: usize) -> Result<(), TestCaseError> {
    let count = net.count();
    if let Err(e) = net.resources.check_alternation(count) {
        return Err(TestCaseError::fail(format!("step {step}: {e}")));
    }
    prop_assert_eq!(net.accepts_calls(), net.state() == State::Ready, "step {}: coordination iff Ready", step);
    let held = net.resources.held(count);
    let rows: Vec<bool> =
        net.status().components.iter().map(|c| matches!(c.state, State::Ready | State::Stopping)).collect();
    prop_assert_eq!(&rows, &held, "step {}: status rows vs held resources", step);
    if net.state() == State::Ready {
        prop_assert!(held.iter().all(|&h| h), "step {}: Ready, yet {:?}", step, held);
    }
    Ok(())
}

fn run<const G: usize>(calls: &[Call]) -> Result<(), TestCaseError> {
    let mut net = Net::<G>::new();
    let count = net.count();
    let model = Model {
        shape: Net::<G>::SHAPE,
        levels: Graph::new("Net", Net::<G>::SHAPE.components, Net::<G>::SHAPE.dependencies).levels(),
    };
    let mut last_failure = None;
    for (step, call) in calls.iter().enumerate() {
        net.script(&call.scripts[..count]);
        net.hook = call.hook;
        let state = net.state();
        let mut held = net.resources.held(count);
        let (got, expected) = match call.kind {
            Kind::Initialize => {
                let got = match call.cancel {
                    Some(polls) => poll_times(net.initialize(), polls),
                    None => Some(block_on(net.initialize())),
                };
                let got = got.map(|result| match result {
                    Ok(()) => Outcome::Ok,
                    Err(e) => {
                        let list = |failures: &[orchestrator_core::Failure], phase| {
                            failures.iter().map(|f| (f.component, phase, f.error.is_panic())).collect::<Vec<_>>()
                        };
                        Outcome::Init(
                            (e.component(), e.phase(), e.cause().is_panic()),
                            list(e.also_failed(), Phase::Init),
                            list(e.rollback_errors(), Phase::Cleanup),
                        )
                    }
                });
                (got, model.initialize(state, &mut held, call))
            }
            Kind::Cleanup => {
                let got = match call.cancel {
                    Some(polls) => poll_times(net.cleanup(), polls),
                    None => Some(block_on(net.cleanup())),
                };
                let got = got.map(|result| match result {
                    Ok(()) => Outcome::Ok,
                    Err(e) => Outcome::Cleanup(
                        e.errors().iter().map(|f| (f.component, Phase::Cleanup, f.error.is_panic())).collect(),
                    ),
                });
                (got, model.cleanup(state, &mut held, call))
            }
        };
        invariants(&net, step)?;
        match got {
            Some(got) => {
                let (outcome, state_after, failure) = expected;
                prop_assert_eq!(got, outcome, "step {} {:?}", step, call.kind);
                prop_assert_eq!(net.state(), state_after, "step {} state", step);
                prop_assert_eq!(net.resources.held(count), held, "step {} held", step);
                if failure.is_some() {
                    last_failure = failure;
                }
                let shown = net.status().last_failure.map(|f| (f.component, f.phase));
                prop_assert_eq!(shown, last_failure, "step {} last failure", step);
            }
            None => {
                // dropped midway: the call's work is half done, and the state says so
                let polled = call.cancel.unwrap_or(0) > 0;
                if polled && !(state == State::Ready && call.kind == Kind::Initialize) {
                    prop_assert!(
                        matches!(net.state(), State::Starting | State::Stopping),
                        "step {}: dropped, yet {:?}",
                        step,
                        net.state()
                    );
                }
                // a dropped call may have recorded its first failure already: follow it
                last_failure = net.status().last_failure.map(|f| (f.component, f.phase));
            }
        }
    }
    net.script(&vec![Script::default(); count]);
    block_on(net.cleanup()).map_err(|e| TestCaseError::fail(format!("final cleanup: {e}")))?;
    prop_assert!(net.resources.held(count).iter().all(|&h| !h), "final cleanup left a resource held");
    invariants(&net, calls.len())
}

fn run_graph(graph: usize, calls: &[Call]) -> Result<(), TestCaseError> {
    match graph {
        0 => run::<0>(calls),
        1 => run::<1>(calls),
        2 => run::<2>(calls),
        3 => run::<3>(calls),
        _ => run::<4>(calls),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn async_lifecycle_matches_the_model_under_random_faults_and_cancellations(
        graph in 0..GRAPHS.len(),
        calls in prop::collection::vec(call(), 1..10),
    ) {
        run_graph(graph, &calls)?;
    }
}
