//! `restart(component)` over random dependency graphs (up to 12 components): exactly the
//! component and its transitive dependents are restarted, in an order that never starts a
//! dependent before its dependency is back (and never cleans a dependency before its
//! dependents are gone), and no coordination call is served on a half-restarted graph: at
//! every poll of the restart, coordination is refused. A failed re-initialization rolls back
//! everything and leaves the orchestrator `Failed`.
//!
//! 10,000 graphs per run (about 2 s; each restarted once to its end and once cut short at a random poll); `PROPTEST_CASES=100000 cargo test --release -p orchestrator-core --test
//! restart` for more.

mod async_support;

use async_support::block_on;
use async_support::net::{Act, DynNet, Mark, Script, poll_times};
use orchestrator_core::{AsyncOrchestrator, Graph, RestartError, State};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};

fn config() -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 10_000;
    }
    config
}

/// A random DAG in initialization order: component `i` depends on each earlier one with
/// probability about 1/3.
fn dag() -> impl Strategy<Value = Vec<Vec<usize>>> {
    (1..=12usize).prop_flat_map(|count| {
        prop::collection::vec(prop::collection::vec(prop::bool::weighted(0.33), count), count)
            .prop_map(move |bits| (0..count).map(|i| (0..i).filter(|&j| bits[i][j]).collect::<Vec<usize>>()).collect())
    })
}

/// The transitive dependents of `target` (itself included), computed the slow, obvious way: a
/// fixed point over the edges.
fn dependents_by_fixed_point(dependencies: &[Vec<usize>], target: usize) -> Vec<bool> {
    let mut set = vec![false; dependencies.len()];
    set[target] = true;
    loop {
        let mut changed = false;
        for (i, deps) in dependencies.iter().enumerate() {
            if !set[i] && deps.iter().any(|&d| set[d]) {
                set[i] = true;
                changed = true;
            }
        }
        if !changed {
            return set;
        }
    }
}

fn net(dependencies: &[Vec<usize>], yields: &[u8]) -> Result<DynNet, TestCaseError> {
    let mut net = DynNet::new(dependencies);
    for (part, &y) in net.parts.iter_mut().zip(yields) {
        part.script = Script { init_yields: y, cleanup_yields: y % 3, ..Script::default() };
    }
    block_on(net.initialize()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    Ok(net)
}

/// A restart dropped after `cut` polls: unless it had finished, the orchestrator is `Starting`
/// and refuses coordination; the next `initialize()` brings every component back once.
fn cut_restart(dependencies: &[Vec<usize>], target: usize, yields: &[u8], cut: usize) -> Result<(), TestCaseError> {
    let count = dependencies.len();
    let mut net = net(dependencies, yields)?;
    let name = net.graph.components()[target];
    if poll_times(net.restart(name), cut).is_none() {
        prop_assert_eq!(net.state(), State::Starting, "cut after {} polls", cut);
        prop_assert!(!net.accepts_calls(), "coordination on a half-restarted graph");
    }
    block_on(net.initialize()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(net.accepts_calls());
    prop_assert!(net.resources.held(count).iter().all(|&h| h));
    net.resources.check_alternation(count).map_err(TestCaseError::fail)?;
    Ok(())
}

fn run(dependencies: &[Vec<usize>], target: usize, yields: &[u8], fail_at: Option<usize>) -> Result<(), TestCaseError> {
    let count = dependencies.len();
    let mut net = net(dependencies, yields)?;
    net.resources.take_journal();

    let expected = dependents_by_fixed_point(dependencies, target);
    prop_assert_eq!(&net.graph.dependents(target), &expected, "Graph::dependents");
    if let Some(fail) = fail_at {
        net.parts[fail].script.init = Act::Fail;
    }

    let name = net.graph.components()[target];
    let result = block_on(net.restart(name));
    let journal = net.resources.take_journal();
    let touched: Vec<bool> = (0..count).map(|i| journal.iter().any(|&(j, _)| j == i)).collect();

    let failed_in_set = fail_at.filter(|&f| expected[f]);
    match failed_in_set {
        None => {
            result.map_err(|e| TestCaseError::fail(format!("restart: {e}")))?;
            prop_assert_eq!(&touched, &expected, "exactly the transitive dependents are restarted");
            prop_assert_eq!(net.state(), State::Ready);
            prop_assert!(net.accepts_calls());
            let restarts: Vec<u32> = net.status().components.iter().map(|c| c.restarts).collect();
            let want: Vec<u32> = expected.iter().map(|&e| u32::from(e)).collect();
            prop_assert_eq!(restarts, want, "restart counts");
        }
        Some(failed) => {
            let Err(RestartError::Init(error)) = result else {
                return Err(TestCaseError::fail(format!("expected an init failure of c{failed}")));
            };
            prop_assert_eq!(error.component(), net.graph.components()[failed]);
            prop_assert_eq!(net.state(), State::Failed);
            prop_assert!(!net.accepts_calls());
            prop_assert!(net.resources.held(count).iter().all(|&h| !h), "rolled back");
        }
    }

    // order: every step of the restart respects every edge inside the restarted set
    let at = |index: usize, mark: Mark| journal.iter().position(|&(j, m)| j == index && m == mark);
    for (x, deps) in dependencies.iter().enumerate() {
        for &d in deps {
            if !(expected[x] && expected[d]) {
                continue;
            }
            // cleanup: x (the dependent) is done before d starts
            if let (Some(x_done), Some(d_start)) = (at(x, Mark::Cleanup), at(d, Mark::CleanupStart)) {
                prop_assert!(x_done < d_start, "c{} cleaned before its dependent c{} was", d, x);
            }
            // init: d is back before x starts
            if let Some(x_start) = at(x, Mark::InitStart) {
                let d_done = at(d, Mark::Init);
                prop_assert!(d_done.is_some_and(|d_done| d_done < x_start), "c{} started before c{} was back", x, d);
            }
        }
    }
    // every cleanup of the restart is done before any init of it starts
    let last_cleanup = journal.iter().rposition(|&(_, m)| m == Mark::Cleanup);
    let first_init = journal.iter().position(|&(_, m)| m == Mark::InitStart);
    if let (Some(last_cleanup), Some(first_init)) = (last_cleanup, first_init)
        && failed_in_set.is_none()
    {
        prop_assert!(last_cleanup < first_init);
    }
    net.resources.check_alternation(count).map_err(TestCaseError::fail)?;
    block_on(net.cleanup()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(net.resources.held(count).iter().all(|&h| !h));
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn restart_restarts_exactly_the_dependents_in_order(
        (dependencies, target, yields, fail, cut) in dag().prop_flat_map(|deps| {
            let count = deps.len();
            let yields = prop::collection::vec(0..3u8, count);
            (Just(deps), 0..count, yields, prop::option::weighted(0.2, 0..count), 1..30usize)
        }),
    ) {
        run(&dependencies, target, &yields, fail)?;
        cut_restart(&dependencies, target, &yields, cut)?;
    }
}

/// Coordination is refused at every poll of a restart, and the orchestrator is `Starting` until
/// the restart is done.
#[test]
fn no_coordination_on_a_half_restarted_graph() {
    let dependencies = vec![vec![], vec![0], vec![0], vec![1, 2], vec![]];
    let mut net = DynNet::new(&dependencies);
    for part in &mut net.parts {
        part.script = Script { init_yields: 2, cleanup_yields: 2, ..Script::default() };
    }
    block_on(net.initialize()).unwrap();
    for polls in 1..40 {
        let done = async_support::net::poll_times(net.restart("c1"), polls);
        if done.is_some() {
            assert!(polls > 4, "a restart of a chain takes several polls");
            break;
        }
        assert_eq!(net.state(), State::Starting, "after {polls} polls");
        assert!(!net.accepts_calls(), "after {polls} polls");
        // the dropped restart is finished by the next initialize
        block_on(net.initialize()).unwrap();
        assert!(net.accepts_calls());
    }
    net.resources.check_alternation(5).unwrap();
}

#[test]
fn restart_refuses_an_unknown_name_or_an_orchestrator_that_is_not_ready() {
    let mut net = DynNet::new(&[vec![], vec![0]]);
    let err = block_on(net.restart("c1")).unwrap_err();
    assert!(matches!(err, RestartError::Unavailable { state: State::Created, .. }), "{err}");
    block_on(net.initialize()).unwrap();
    let err = block_on(net.restart("c9")).unwrap_err();
    assert_eq!(err.to_string(), "DynNet: restart refused: no component is named `c9`; did you mean `c0`?");
    let err = block_on(net.restart("cache")).unwrap_err();
    assert_eq!(err.to_string(), "DynNet: restart refused: no component is named `cache`");
    assert_eq!(net.state(), State::Ready);
    assert_eq!(Graph::new("x", &["a"], &[&[]]).dependents(0), [true]);
}
