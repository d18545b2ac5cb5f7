//! The async lifecycle on `Four`, a hand-written `AsyncComponents` impl: order by level, rollback
//! under async failure and panic at every position, aggregated cleanup errors, idempotency,
//! restart, status.

mod async_support;

use async_support::{Behavior, Four, block_on};
use orchestrator_core::{AsyncOrchestrator, CleanupError, Health, InitError, Phase, State};

fn four() -> Four {
    Four::new()
}

fn init_err(four: &mut Four) -> InitError {
    block_on(four.initialize()).expect_err("initialize should fail")
}

fn cleanup_err(four: &mut Four) -> CleanupError {
    block_on(four.cleanup()).expect_err("cleanup should fail")
}

fn states(four: &Four) -> Vec<State> {
    four.status().components.iter().map(|c| c.state).collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn initializes_level_by_level_and_cleans_up_in_reverse_levels() {
    let mut four = four();
    block_on(four.initialize()).unwrap();
    // Level 0 (a, b) together, then c, then d, then the register hook.
    assert_eq!(
        four.log.all(),
        strings(&[
            "init a start",
            "init b start",
            "init a",
            "init b",
            "init c start",
            "init c",
            "init d start",
            "init d",
            "register wire start",
            "register wire",
        ])
    );
    assert_eq!(four.state(), State::Ready);
    four.log.clear();
    block_on(four.cleanup()).unwrap();
    // d (level 2), c (level 1), then a and b (level 0) together.
    assert_eq!(
        four.log.all(),
        strings(&[
            "cleanup d start",
            "cleanup d",
            "cleanup c start",
            "cleanup c",
            "cleanup a start",
            "cleanup b start",
            "cleanup a",
            "cleanup b",
        ])
    );
    assert_eq!(four.state(), State::Stopped);
    assert_eq!(states(&four), [State::Stopped; 4]);
}

#[test]
fn initialize_and_cleanup_are_idempotent() {
    let mut four = four();
    block_on(four.cleanup()).unwrap();
    assert_eq!(four.state(), State::Created);
    assert!(four.log.all().is_empty(), "cleanup of a Created orchestrator does nothing");

    block_on(four.initialize()).unwrap();
    four.log.clear();
    block_on(four.initialize()).unwrap();
    assert!(four.log.all().is_empty(), "initialize of a Ready orchestrator does nothing");

    block_on(four.cleanup()).unwrap();
    four.log.clear();
    block_on(four.cleanup()).unwrap();
    assert!(four.log.all().is_empty(), "cleanup of a Stopped orchestrator does nothing");
    assert_eq!(four.state(), State::Stopped);

    four.c.init = Behavior::Fail;
    init_err(&mut four);
    four.log.clear();
    block_on(four.cleanup()).unwrap();
    assert!(four.log.all().is_empty(), "cleanup of a Failed orchestrator does nothing");
    assert_eq!(four.state(), State::Failed);
}

#[test]
fn restarts_after_stopped_and_after_failed() {
    let mut four = four();
    block_on(four.initialize()).unwrap();
    block_on(four.cleanup()).unwrap();
    four.log.clear();
    block_on(four.initialize()).unwrap();
    assert_eq!(four.log.done(), strings(&["init a", "init b", "init c", "init d", "register wire"]));
    assert_eq!(four.state(), State::Ready);
    block_on(four.cleanup()).unwrap();

    four.d.init = Behavior::Fail;
    init_err(&mut four);
    assert_eq!(four.state(), State::Failed);
    four.d.init = Behavior::Ok;
    four.log.clear();
    block_on(four.initialize()).unwrap();
    assert_eq!(four.state(), State::Ready);
    assert_eq!(states(&four), [State::Ready; 4]);
    assert_eq!(four.log.done(), strings(&["init a", "init b", "init c", "init d", "register wire"]));
}

/// For a failure at each position: the components rolled back, in the order they are.
const ROLLBACKS: [(&str, &[&str]); 4] = [
    ("a", &["cleanup b"]),
    ("b", &["cleanup a"]),
    ("c", &["cleanup a", "cleanup b"]),
    ("d", &["cleanup c", "cleanup a", "cleanup b"]),
];

fn fail_at(four: &mut Four, name: &str, behavior: Behavior) {
    match name {
        "a" => four.a.init = behavior,
        "b" => four.b.init = behavior,
        "c" => four.c.init = behavior,
        _ => four.d.init = behavior,
    }
}

#[test]
fn rolls_back_on_init_failure_or_panic_at_every_position() {
    for behavior in [Behavior::Fail, Behavior::Panic, Behavior::PanicEarly] {
        for (position, rolled_back) in ROLLBACKS {
            let mut four = four();
            fail_at(&mut four, position, behavior);
            let err = init_err(&mut four);
            let case = format!("{behavior:?} at {position}");
            assert_eq!(err.orchestrator(), "Four", "{case}");
            assert_eq!(err.component(), position, "{case}");
            assert_eq!(err.phase(), Phase::Init, "{case}");
            assert_eq!(err.cause().is_panic(), behavior != Behavior::Fail, "{case}");
            assert!(err.rollback_errors().is_empty(), "{case}");
            let expected = if behavior == Behavior::PanicEarly && position != "d" {
                format!("panicked: {position} init panicked early")
            } else if behavior == Behavior::Fail {
                format!("{position} init failed")
            } else {
                format!("panicked: {position} init panicked")
            };
            assert_eq!(err.cause().to_string(), expected, "{case}");
            assert_eq!(err.to_string(), format!("Four: init of component `{position}` failed: {expected}"), "{case}");

            let cleanups: Vec<String> = four.log.done().into_iter().filter(|e| e.starts_with("cleanup")).collect();
            assert_eq!(cleanups, strings(rolled_back), "{case}: rollback");
            assert!(!four.log.all().iter().any(|e| e.starts_with("register")), "{case}: no register hook");
            assert_eq!(four.state(), State::Failed, "{case}");
            let status = four.status();
            assert_eq!(status.component(position).unwrap().state, State::Failed, "{case}");
            for c in &status.components {
                assert_ne!(c.state, State::Ready, "{case}: {} still Ready", c.name);
                let initialized = rolled_back.contains(&format!("cleanup {}", c.name).as_str());
                let expected = if initialized {
                    State::Stopped
                } else if c.name == position {
                    State::Failed
                } else {
                    State::Created
                };
                assert_eq!(c.state, expected, "{case}: state of {}", c.name);
            }
        }
    }
}

#[test]
fn lets_the_rest_of_a_failing_level_finish_and_reports_the_first_failure() {
    let mut four = four();
    four.a.init = Behavior::Panic;
    four.b.init = Behavior::Fail;
    let err = init_err(&mut four);
    assert_eq!(err.component(), "a", "the first failure in initialization order is the cause");
    assert!(err.cause().is_panic());
    assert_eq!(states(&four), [State::Failed, State::Failed, State::Created, State::Created]);
    assert!(!four.log.all().iter().any(|e| e.starts_with("cleanup")), "nothing was Ready, nothing rolled back");

    let mut four = self::four();
    four.b.init = Behavior::Fail;
    let err = init_err(&mut four);
    assert_eq!(err.component(), "b");
    // a finished its init although b failed beside it, and was rolled back.
    assert_eq!(four.log.done(), strings(&["init a", "cleanup a"]));
}

#[test]
fn rolls_back_everything_when_the_register_hook_fails_or_panics() {
    for behavior in [Behavior::Fail, Behavior::Panic] {
        let mut four = four();
        four.config.register = behavior;
        let err = init_err(&mut four);
        assert_eq!(err.component(), "wire");
        assert_eq!(err.phase(), Phase::Register);
        assert_eq!(err.cause().is_panic(), behavior == Behavior::Panic);
        assert!(err.to_string().starts_with("Four: register hook `wire` failed: "), "{err}");
        let cleanups: Vec<String> = four.log.done().into_iter().filter(|e| e.starts_with("cleanup")).collect();
        assert_eq!(cleanups, strings(&["cleanup d", "cleanup c", "cleanup a", "cleanup b"]));
        assert_eq!(four.state(), State::Failed);
        assert_eq!(states(&four), [State::Stopped; 4]);
    }
}

#[test]
fn rollback_errors_and_panics_are_carried_by_the_init_error() {
    let mut four = four();
    four.d.init = Behavior::Fail;
    four.a.cleanup = Behavior::Panic;
    four.c.cleanup = Behavior::Fail;
    four.b.cleanup = Behavior::PanicEarly;
    let err = init_err(&mut four);
    assert_eq!(err.component(), "d");
    let rollback: Vec<(&str, bool)> = err.rollback_errors().iter().map(|f| (f.component, f.error.is_panic())).collect();
    // Level 1 (c), then level 0 in reverse initialization order (b, a).
    assert_eq!(rollback, [("c", false), ("b", true), ("a", true)]);
    assert!(err.to_string().contains("rollback failed for 3 components"), "{err}");
    assert_eq!(states(&four), [State::Failed, State::Failed, State::Failed, State::Failed]);
    assert_eq!(four.state(), State::Failed);
}

#[test]
fn cleanup_runs_past_errors_and_panics_and_returns_them_all() {
    let mut four = four();
    block_on(four.initialize()).unwrap();
    four.log.clear();
    four.a.cleanup = Behavior::Fail;
    four.b.cleanup = Behavior::Panic;
    four.c.cleanup = Behavior::PanicEarly;
    four.d.cleanup = Behavior::Panic;
    let err = cleanup_err(&mut four);
    let errors: Vec<(&str, bool)> = err.errors().iter().map(|f| (f.component, f.error.is_panic())).collect();
    assert_eq!(errors, [("d", true), ("c", true), ("b", true), ("a", false)]);
    assert_eq!(
        err.to_string(),
        "Four: cleanup failed for 4 components: `d`: panicked: d cleanup panicked; `c`: panicked: c cleanup panicked early; `b`: panicked: b cleanup panicked; `a`: a cleanup failed"
    );
    assert_eq!(four.state(), State::Stopped);
    assert_eq!(states(&four), [State::Failed; 4]);
    // Every cleanup was attempted (c panicked before its future existed).
    assert_eq!(four.log.all(), strings(&["cleanup d start", "cleanup a start", "cleanup b start"]));

    let mut four = self::four();
    block_on(four.initialize()).unwrap();
    four.log.clear();
    four.c.cleanup = Behavior::Fail;
    let err = cleanup_err(&mut four);
    assert_eq!(err.errors().len(), 1);
    assert_eq!(err.errors()[0].component, "c");
    assert_eq!(four.log.done(), strings(&["cleanup d", "cleanup a", "cleanup b"]));
    assert_eq!(states(&four), [State::Stopped, State::Stopped, State::Failed, State::Stopped]);
    // Stopped with a failed component: initialize starts every component again.
    four.c.cleanup = Behavior::Ok;
    block_on(four.initialize()).unwrap();
    assert_eq!(states(&four), [State::Ready; 4]);
}

#[test]
fn status_reports_states_types_health_init_times_and_config() {
    let mut four = four();
    let status = four.status();
    assert_eq!(status.name, "Four");
    assert_eq!(status.state, State::Created);
    let names: Vec<_> = status.components.iter().map(|c| (c.name, c.type_name)).collect();
    assert_eq!(names, [("a", "Step"), ("b", "Step"), ("c", "Step"), ("d", "SyncStep")]);
    assert!(status.components.iter().all(|c| c.health == Health::Unknown && c.init_time.is_none()));
    assert_eq!(status.config.as_deref(), Some("FourConfig { register: Ok }"));

    four.b.health = Health::Degraded("slow".into());
    four.c.health = Health::Unknown; // makes `health()` panic
    block_on(four.initialize()).unwrap();
    let status = four.status();
    assert_eq!(status.state, State::Ready);
    assert!(status.components.iter().all(|c| c.state == State::Ready && c.init_time.is_some()));
    assert_eq!(status.component("a").unwrap().health, Health::Healthy);
    assert_eq!(status.component("b").unwrap().health, Health::Degraded("slow".into()));
    assert_eq!(status.component("c").unwrap().health, Health::Unhealthy("panicked: c health panicked".into()));
    assert_eq!(status.component("d").unwrap().health, Health::Healthy);
    assert!(!status.is_healthy());
    let table = status.to_string();
    assert!(table.starts_with("Four: Ready\n"), "{table}");

    block_on(four.cleanup()).unwrap();
    let status = four.status();
    assert_eq!(status.state, State::Stopped);
    assert!(status.components.iter().all(|c| c.health == Health::Unknown && c.init_time.is_some()));
}

#[test]
fn lifecycle_futures_are_send_and_run_on_another_thread() {
    fn assert_send<T: Send>(value: T) -> T {
        value
    }
    let mut four = four();
    let result = std::thread::scope(|scope| {
        let future = assert_send(four.initialize());
        scope.spawn(move || block_on(future)).join().unwrap()
    });
    result.unwrap();
    let cleanup = assert_send(four.cleanup());
    block_on(cleanup).unwrap();
    assert_eq!(four.state(), State::Stopped);
}

#[test]
fn a_cancelled_initialize_is_cleaned_up_by_the_next_one() {
    let mut four = four();
    four.c.init = Behavior::Hang;
    let dropped = async_support::block_on_deadline(four.initialize(), std::time::Duration::from_millis(50));
    assert!(dropped.is_none(), "c never finishes its init");
    assert_eq!(four.state(), State::Starting);
    assert_eq!(states(&four), [State::Ready, State::Ready, State::Starting, State::Created]);

    four.c.init = Behavior::Ok;
    four.log.clear();
    block_on(four.initialize()).unwrap();
    assert_eq!(
        four.log.done(),
        strings(&["cleanup a", "cleanup b", "init a", "init b", "init c", "init d", "register wire"])
    );
    assert_eq!(states(&four), [State::Ready; 4]);

    // A cancelled cleanup: the next cleanup finishes it.
    four.c.cleanup = Behavior::Hang;
    assert!(async_support::block_on_deadline(four.cleanup(), std::time::Duration::from_millis(50)).is_none());
    assert_eq!(four.state(), State::Stopping);
    assert_eq!(states(&four), [State::Ready, State::Ready, State::Stopping, State::Stopped]);
    four.c.cleanup = Behavior::Ok;
    four.log.clear();
    block_on(four.cleanup()).unwrap();
    assert_eq!(four.log.done(), strings(&["cleanup c", "cleanup a", "cleanup b"]));
    assert_eq!(states(&four), [State::Stopped; 4]);
}
