//! The async lifecycle under cancellation: the future of `initialize()`, `cleanup()` or
//! `restart(name)` dropped
//! after every possible number of polls, over chains and over levels of several components,
//! followed by the calls a program makes next. After each, every component's resource must
//! have seen `init` and `cleanup` alternate exactly, coordination must be refused unless the
//! orchestrator is `Ready`, and a full `cleanup()` must release everything.
//!
//! The sweep is deterministic: the components yield a scripted number of times, and the futures
//! are polled by hand (`poll_times`), so "after N polls" is the same point on every machine.

mod async_support;

use async_support::block_on;
use async_support::net::{Act, Event, GRAPHS, Net, Script, poll_times, polls_to_finish};
use orchestrator_core::{AsyncOrchestrator, State};

/// Scripts whose steps finish in interleaved order within a level: component `i` yields
/// `(i * 2 + 1) % 4 + 1` times in `init` and `(count - i) % 3 + 1` times in `cleanup`.
fn interleaved(count: usize) -> Vec<Script> {
    (0..count)
        .map(|i| Script {
            init_yields: u8::try_from((i * 2 + 1) % 4 + 1).unwrap(),
            cleanup_yields: u8::try_from((count - i) % 3 + 1).unwrap(),
            ..Script::default()
        })
        .collect()
}

fn fresh<const G: usize>() -> Net<G> {
    let mut net = Net::<G>::new();
    net.script(&interleaved(net.count()));
    net.hook.init_yields = 2;
    net
}

/// What must hold whenever no lifecycle call is running.
fn check<const G: usize>(net: &Net<G>, when: &str) {
    let count = net.count();
    net.resources.check_alternation(count).unwrap_or_else(|e| panic!("{}: {when}: {e}", Net::<G>::SHAPE.name));
    assert_eq!(net.accepts_calls(), net.state() == State::Ready, "{when}: coordination iff Ready");
    let held = net.resources.held(count);
    if net.state() == State::Ready {
        assert!(held.iter().all(|&h| h), "{when}: Ready, yet {held:?}");
    }
    // the status tells the truth about each component
    for (index, row) in net.status().components.iter().enumerate() {
        assert_eq!(held[index], row.state.needs_cleanup_for_tests(), "{when}: row {index} is {:?}", row.state);
    }
}

/// A state's meaning for a component: does it hold what its `init` acquired?
trait Holds {
    fn needs_cleanup_for_tests(self) -> bool;
}

impl Holds for State {
    fn needs_cleanup_for_tests(self) -> bool {
        matches!(self, State::Ready | State::Stopping)
    }
}

/// A full `cleanup()` releases everything and leaves the orchestrator in a resting state.
fn cleanup_releases_everything<const G: usize>(net: &mut Net<G>, when: &str) {
    block_on(net.cleanup()).unwrap_or_else(|e| panic!("{when}: {e}"));
    check(net, when);
    assert!(net.resources.held(net.count()).iter().all(|&h| !h), "{when}: cleanup left a resource held");
    assert!(matches!(net.state(), State::Created | State::Stopped | State::Failed), "{when}: {:?}", net.state());
}

fn sweep_initialize<const G: usize>() {
    let polls = polls_to_finish(fresh::<G>().initialize(), 1_000);
    assert!(polls > 3, "the sweep must cut the call at several points");
    for n in 0..polls {
        let when = format!("initialize dropped after {n} of {polls} polls");
        // then cleanup
        let mut net = fresh::<G>();
        assert!(poll_times(net.initialize(), n).is_none(), "{when}: finished early");
        if n > 0 {
            assert_eq!(net.state(), State::Starting, "{when}");
        }
        check(&net, &when);
        cleanup_releases_everything(&mut net, &format!("{when}, then cleanup"));

        // then initialize (each component exactly once since its last cleanup) and cleanup
        let mut net = fresh::<G>();
        assert!(poll_times(net.initialize(), n).is_none());
        block_on(net.initialize()).unwrap_or_else(|e| panic!("{when}, then initialize: {e}"));
        assert_eq!(net.state(), State::Ready);
        check(&net, &format!("{when}, then initialize"));
        cleanup_releases_everything(&mut net, &format!("{when}, then initialize and cleanup"));
    }
}

fn sweep_cleanup<const G: usize>() {
    let polls = {
        let mut net = fresh::<G>();
        block_on(net.initialize()).unwrap();
        polls_to_finish(net.cleanup(), 1_000)
    };
    assert!(polls > 3);
    for n in 0..polls {
        let when = format!("cleanup dropped after {n} of {polls} polls");
        let mut net = fresh::<G>();
        block_on(net.initialize()).unwrap();
        assert!(poll_times(net.cleanup(), n).is_none(), "{when}: finished early");
        if n > 0 {
            assert_eq!(net.state(), State::Stopping, "{when}");
        }
        check(&net, &when);
        cleanup_releases_everything(&mut net, &format!("{when}, then cleanup"));

        let mut net = fresh::<G>();
        block_on(net.initialize()).unwrap();
        assert!(poll_times(net.cleanup(), n).is_none());
        block_on(net.initialize()).unwrap_or_else(|e| panic!("{when}, then initialize: {e}"));
        check(&net, &format!("{when}, then initialize"));
        cleanup_releases_everything(&mut net, &format!("{when}, then initialize and cleanup"));
    }
}

/// A dropped `initialize()`, then a dropped `cleanup()` of what it left, at every pair of
/// points, then a full `initialize()` and `cleanup()`.
fn sweep_both<const G: usize>() {
    let init_polls = polls_to_finish(fresh::<G>().initialize(), 1_000);
    for n in 1..init_polls {
        let cleanup_polls = {
            let mut net = fresh::<G>();
            assert!(poll_times(net.initialize(), n).is_none());
            polls_to_finish(net.cleanup(), 1_000)
        };
        for k in 1..cleanup_polls {
            let when = format!("initialize dropped after {n}, cleanup after {k}");
            let mut net = fresh::<G>();
            assert!(poll_times(net.initialize(), n).is_none());
            assert!(poll_times(net.cleanup(), k).is_none());
            check(&net, &when);
            block_on(net.initialize()).unwrap_or_else(|e| panic!("{when}, then initialize: {e}"));
            check(&net, &when);
            cleanup_releases_everything(&mut net, &when);
        }
    }
}

/// A dropped `restart(name)` of each component, at every point: the orchestrator is
/// `Starting` and refuses coordination; then a `cleanup()` releases everything, or an
/// `initialize()` brings every component back exactly once before a `cleanup()`.
fn sweep_restart<const G: usize>() {
    let names: Vec<&'static str> = fresh::<G>().status().components.iter().map(|row| row.name).collect();
    for name in names {
        let polls = {
            let mut net = fresh::<G>();
            block_on(net.initialize()).unwrap();
            polls_to_finish(net.restart(name), 1_000)
        };
        assert!(polls > 1, "the sweep must cut the restart of {name}");
        for n in 0..polls {
            let when = format!("restart({name}) dropped after {n} of {polls} polls");
            let mut net = fresh::<G>();
            block_on(net.initialize()).unwrap();
            assert!(poll_times(net.restart(name), n).is_none(), "{when}: finished early");
            if n > 0 {
                assert_eq!(net.state(), State::Starting, "{when}");
            }
            check(&net, &when);
            cleanup_releases_everything(&mut net, &format!("{when}, then cleanup"));

            let mut net = fresh::<G>();
            block_on(net.initialize()).unwrap();
            assert!(poll_times(net.restart(name), n).is_none());
            block_on(net.initialize()).unwrap_or_else(|e| panic!("{when}, then initialize: {e}"));
            assert_eq!(net.state(), State::Ready);
            check(&net, &format!("{when}, then initialize"));
            cleanup_releases_everything(&mut net, &format!("{when}, then initialize and cleanup"));
        }
    }
}

macro_rules! for_each_graph {
    ($name:ident, $sweep:ident) => {
        #[test]
        fn $name() {
            $sweep::<0>();
            $sweep::<1>();
            $sweep::<2>();
            $sweep::<3>();
            $sweep::<4>();
        }
    };
}

for_each_graph!(initialize_dropped_after_every_number_of_polls, sweep_initialize);
for_each_graph!(cleanup_dropped_after_every_number_of_polls, sweep_cleanup);
for_each_graph!(initialize_and_then_cleanup_dropped_at_every_pair_of_points, sweep_both);
for_each_graph!(restart_dropped_after_every_number_of_polls, sweep_restart);

#[test]
fn the_graphs_have_chains_and_levels_of_several_components() {
    let levels: Vec<Vec<usize>> =
        GRAPHS.iter().map(|g| orchestrator_core::Graph::new(g.name, g.components, g.dependencies).levels()).collect();
    assert_eq!(levels[0], [0, 1, 2, 3], "a chain");
    assert_eq!(levels[1], [0; 5], "one level of five");
    assert!(levels.iter().any(|l| l.iter().filter(|&&level| level == 1).count() >= 2), "a deeper wide level");
}

/// A dropped `initialize()` in the middle of its register hook: every component is
/// initialized, but coordination is refused until an `initialize()` finishes, and a
/// `cleanup()` releases everything.
#[test]
fn a_register_hook_dropped_midway_leaves_coordination_refused() {
    let mut net = fresh::<2>();
    net.hook.init_yields = 50;
    let polls = polls_to_finish(fresh::<2>().initialize(), 1_000);
    let mut net2 = fresh::<2>();
    net2.hook.init_yields = 50;
    // past every component's init, inside the hook's yields
    assert!(poll_times(net2.initialize(), polls + 10).is_none());
    assert_eq!(net2.resources.held(4), [true; 4], "every component is initialized");
    assert_eq!(net2.state(), State::Starting);
    assert!(!net2.accepts_calls(), "the hook is not running: nothing may coordinate");
    cleanup_releases_everything(&mut net2, "hook dropped, then cleanup");
    assert!(!net2.accepts_calls());

    // and the next initialize runs the hook to its end
    block_on(net.initialize()).unwrap();
    assert!(net.accepts_calls());
}

/// A dropped `cleanup()` leaves the orchestrator `Stopping`: coordination is refused and
/// `initialize()` is not a no-op.
#[test]
fn a_dropped_cleanup_refuses_coordination_and_initialize_starts_again() {
    let mut net = fresh::<0>();
    block_on(net.initialize()).unwrap();
    assert!(poll_times(net.cleanup(), 2).is_none());
    assert_eq!(net.state(), State::Stopping);
    assert!(!net.accepts_calls());
    block_on(net.initialize()).unwrap();
    assert_eq!(net.state(), State::Ready);
    // the chain's last component was cleaned up and initialized again; the others once
    let events = net.resources.events(4);
    assert_eq!(events[3], [Event::Init, Event::Cleanup, Event::Init]);
    assert_eq!(events[0], [Event::Init, Event::Cleanup, Event::Init]);
    cleanup_releases_everything(&mut net, "then cleanup");
}

/// A step that fails while a sibling is still pending is recorded at once: dropping the call
/// then loses neither the sibling's success nor the failure.
#[test]
fn outcomes_are_recorded_the_moment_each_future_completes() {
    let mut net = fresh::<1>();
    let mut scripts = interleaved(5);
    scripts[0].init_yields = 1;
    scripts[4].init_yields = 40;
    net.script(&scripts);
    // a few polls: component 0 is done, component 4 still pending
    assert!(poll_times(net.initialize(), 3).is_none());
    let states: Vec<State> = net.status().components.iter().map(|c| c.state).collect();
    assert_eq!(states[0], State::Ready, "recorded while its level is still running");
    assert_eq!(states[4], State::Starting);
    assert!(net.resources.held(5)[0]);
    cleanup_releases_everything(&mut net, "then cleanup");
    assert_eq!(net.resources.events(5)[0], [Event::Init, Event::Cleanup]);
}

#[test]
fn every_failure_of_a_level_reaches_the_init_error() {
    let mut net = fresh::<1>();
    let mut scripts = interleaved(5);
    scripts[1].init = Act::Fail;
    scripts[3].init = Act::Panic;
    scripts[4].init = Act::Fail;
    net.script(&scripts);
    let err = block_on(net.initialize()).unwrap_err();
    assert_eq!(err.component(), "b", "the cause is the first in initialization order");
    let also: Vec<_> = err.also_failed().iter().map(|f| (f.component, f.error.is_panic())).collect();
    assert_eq!(also, [("d", true), ("e", false)]);
    assert_eq!(net.state(), State::Failed);
    cleanup_releases_everything(&mut net, "after the failure");
}
