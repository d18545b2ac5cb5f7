//! Every row of the lifecycle table, on a hand-written `DerivedOrchestrator` impl (what the derive generates):
//! exact call order, orchestrator and component states, error contents.

mod common;

use std::error::Error as _;
use std::time::Duration;

use common::{Act, Cfg, HOOK, HealthAct, NAMES, ProbeError, Rec, calls, calls_rev};
use orchestrator_core::{Health, Orchestrator, Phase, State};

const ALL: &[&str] = &["a", "b", "c", "d"];

fn log(parts: &[Vec<String>]) -> Vec<String> {
    parts.concat()
}

fn one(s: &str) -> Vec<String> {
    vec![s.to_owned()]
}

// ---- initialize from Created, Stopped, Failed: every init in order, then the hook -> Ready ----

#[test]
fn initialize_runs_every_init_in_order_then_the_register_hook() {
    let mut rec = Rec::<4>::new();
    assert_eq!(rec.state(), State::Created);
    assert_eq!(rec.states(), [State::Created; 4]);

    rec.initialize().unwrap();

    assert_eq!(rec.take_log(), log(&[calls("init", ALL), one(HOOK)]));
    assert_eq!(rec.state(), State::Ready);
    let status = rec.status();
    assert_eq!(status.state, State::Ready);
    for c in &status.components {
        assert_eq!(c.state, State::Ready, "{}", c.name);
        assert!(c.init_time.is_some(), "{}", c.name);
        assert_eq!(c.health, Health::Healthy);
    }
    assert!(status.is_healthy());
}

#[test]
fn initialize_when_ready_does_nothing() {
    let mut rec = Rec::<4>::new();
    rec.initialize().unwrap();
    rec.take_log();
    // even a plan that would fail is never consulted
    rec.plan(|p| p.init = vec![Act::Fail; 4]);
    rec.initialize().unwrap();
    rec.initialize().unwrap();
    assert_eq!(rec.take_log(), Vec::<String>::new());
    assert_eq!(rec.state(), State::Ready);
    assert_eq!(rec.states(), [State::Ready; 4]);
}

#[test]
fn initialize_again_after_stopped() {
    let mut rec = Rec::<4>::new();
    rec.initialize().unwrap();
    rec.cleanup().unwrap();
    assert_eq!(rec.state(), State::Stopped);
    rec.take_log();

    rec.initialize().unwrap();
    assert_eq!(rec.take_log(), log(&[calls("init", ALL), one(HOOK)]));
    assert_eq!(rec.state(), State::Ready);
    assert_eq!(rec.states(), [State::Ready; 4]);

    rec.cleanup().unwrap();
    assert_eq!(rec.take_log(), calls_rev("cleanup", ALL));
    assert_eq!(rec.state(), State::Stopped);
}

#[test]
fn initialize_again_after_failed() {
    let mut rec = Rec::<4>::new();
    rec.plan(|p| p.init[2] = Act::Fail);
    rec.initialize().unwrap_err();
    assert_eq!(rec.state(), State::Failed);
    rec.take_log();

    rec.plan(|p| p.init[2] = Act::Ok);
    rec.initialize().unwrap();
    assert_eq!(rec.take_log(), log(&[calls("init", ALL), one(HOOK)]));
    assert_eq!(rec.state(), State::Ready);
    assert_eq!(rec.states(), [State::Ready; 4]);
}

#[test]
fn initialize_again_after_a_failed_register_hook() {
    let mut rec = Rec::<4>::new();
    rec.plan(|p| p.register = Act::Panic);
    rec.initialize().unwrap_err();
    rec.take_log();
    rec.plan(|p| p.register = Act::Ok);
    rec.initialize().unwrap();
    assert_eq!(rec.take_log(), log(&[calls("init", ALL), one(HOOK)]));
    assert_eq!(rec.state(), State::Ready);
}

#[test]
fn zero_components_still_run_the_register_hook() {
    let mut rec = Rec::<0>::new();
    rec.initialize().unwrap();
    assert_eq!(rec.take_log(), one(HOOK));
    assert_eq!(rec.state(), State::Ready);
    rec.cleanup().unwrap();
    assert_eq!(rec.take_log(), Vec::<String>::new());
    assert_eq!(rec.state(), State::Stopped);
    assert!(rec.status().components.is_empty());
}

// ---- initialize fails: rollback in reverse order, InitError, Failed ----

fn check_init_failure_at(k: usize, what: Act) {
    let mut rec = Rec::<4>::new();
    rec.plan(|p| p.init[k] = what);

    let err = rec.initialize().unwrap_err();

    let name = NAMES[k];
    assert_eq!(rec.take_log(), log(&[calls("init", &ALL[..=k]), calls_rev("cleanup", &ALL[..k])]), "k={k}");
    assert_eq!(rec.state(), State::Failed);
    let mut expected = vec![State::Stopped; k];
    expected.push(State::Failed);
    expected.resize(4, State::Created);
    assert_eq!(rec.states(), expected, "k={k}");
    for c in &rec.status().components {
        assert_eq!(c.health, Health::Unknown, "health is not asked of a component that is not ready");
    }

    assert_eq!(err.orchestrator(), "Rec");
    assert_eq!(err.component(), name);
    assert_eq!(err.phase(), Phase::Init);
    assert!(err.rollback_errors().is_empty());
    match what {
        Act::Fail => {
            assert!(!err.cause().is_panic());
            assert_eq!(err.cause().to_string(), format!("{name} init failed"));
            assert_eq!(format!("{:#}", err.cause()), format!("{name} init failed: disk on fire"));
            assert_eq!(err.to_string(), format!("Rec: init of component `{name}` failed: {name} init failed"));
            let probe = err.cause().downcast_ref::<ProbeError>().expect("the component's own error");
            assert_eq!(probe.component, name);
            // the chain: InitError -> ProbeError -> io::Error -> end
            let source = err.source().expect("source");
            assert_eq!(source.to_string(), format!("{name} init failed"));
            assert!(source.downcast_ref::<ProbeError>().is_some());
            let io = source.source().expect("the io error");
            assert_eq!(io.to_string(), "disk on fire");
            assert!(io.source().is_none());
            assert_eq!(err.cause().source().unwrap().to_string(), "disk on fire");
        }
        Act::Panic => {
            assert!(err.cause().is_panic());
            assert_eq!(err.cause().to_string(), format!("panicked: {name} init panicked"));
            assert_eq!(
                err.to_string(),
                format!("Rec: init of component `{name}` failed: panicked: {name} init panicked")
            );
            let source = err.source().expect("source");
            assert_eq!(source.to_string(), format!("panicked: {name} init panicked"));
            assert!(source.source().is_none());
        }
        Act::Ok => unreachable!(),
    }

    // a failed orchestrator has nothing to clean up: no component is cleaned twice
    rec.cleanup().unwrap();
    assert_eq!(rec.take_log(), Vec::<String>::new());
    assert_eq!(rec.state(), State::Failed);
}

#[test]
fn init_error_at_every_position_rolls_back_the_ones_before() {
    for k in 0..4 {
        check_init_failure_at(k, Act::Fail);
    }
}

#[test]
fn init_panic_at_every_position_rolls_back_the_ones_before() {
    for k in 0..4 {
        check_init_failure_at(k, Act::Panic);
    }
}

#[test]
fn init_failure_stops_at_the_first_failing_component() {
    let mut rec = Rec::<4>::new();
    rec.plan(|p| p.init = vec![Act::Ok, Act::Panic, Act::Fail, Act::Fail]);
    let err = rec.initialize().unwrap_err();
    assert_eq!(err.component(), "b");
    assert!(err.cause().is_panic());
    assert_eq!(rec.take_log(), ["init a", "init b", "cleanup a"]);
}

fn check_register_failure(what: Act) {
    let mut rec = Rec::<4>::new();
    rec.plan(|p| p.register = what);

    let err = rec.initialize().unwrap_err();

    assert_eq!(rec.take_log(), log(&[calls("init", ALL), one(HOOK), calls_rev("cleanup", ALL)]));
    assert_eq!(rec.state(), State::Failed);
    assert_eq!(rec.states(), [State::Stopped; 4]);
    assert_eq!(err.component(), HOOK);
    assert_eq!(err.phase(), Phase::Register);
    assert!(err.rollback_errors().is_empty());
    match what {
        Act::Fail => {
            assert!(!err.cause().is_panic());
            assert_eq!(err.to_string(), "Rec: register hook `wire` failed: wire register failed");
            assert_eq!(err.source().unwrap().source().unwrap().to_string(), "disk on fire");
        }
        Act::Panic => {
            assert!(err.cause().is_panic());
            assert_eq!(err.to_string(), "Rec: register hook `wire` failed: panicked: wire register panicked");
        }
        Act::Ok => unreachable!(),
    }
    rec.cleanup().unwrap();
    assert_eq!(rec.take_log(), Vec::<String>::new());
}

#[test]
fn register_hook_error_rolls_back_every_component() {
    check_register_failure(Act::Fail);
}

#[test]
fn register_hook_panic_rolls_back_every_component() {
    check_register_failure(Act::Panic);
}

#[test]
fn rollback_errors_are_collected_in_rollback_order_and_the_rollback_goes_on() {
    let mut rec = Rec::<4>::new();
    rec.plan(|p| {
        p.init[3] = Act::Fail;
        p.cleanup[1] = Act::Fail;
        p.cleanup[2] = Act::Panic;
    });

    let err = rec.initialize().unwrap_err();

    assert_eq!(rec.take_log(), ["init a", "init b", "init c", "init d", "cleanup c", "cleanup b", "cleanup a"]);
    assert_eq!(rec.state(), State::Failed);
    assert_eq!(rec.states(), [State::Stopped, State::Failed, State::Failed, State::Failed]);
    assert_eq!(err.component(), "d");
    let rollback: Vec<_> = err.rollback_errors().iter().map(|f| (f.component, f.error.is_panic())).collect();
    assert_eq!(rollback, [("c", true), ("b", false)]);
    assert_eq!(err.rollback_errors()[0].to_string(), "`c`: panicked: c cleanup panicked");
    assert_eq!(err.rollback_errors()[1].error.downcast_ref::<ProbeError>().unwrap().phase, "cleanup");
    assert_eq!(
        err.to_string(),
        "Rec: init of component `d` failed: d init failed (rollback failed for 2 components: \
         `c`: panicked: c cleanup panicked; `b`: b cleanup failed)"
    );
    // source() is the cause, not a rollback error
    assert_eq!(err.source().unwrap().to_string(), "d init failed");

    // a component whose rollback cleanup failed is initialized again on the next try
    rec.plan(|p| *p = common::Plan::ok(4));
    rec.initialize().unwrap();
    assert_eq!(rec.take_log(), log(&[calls("init", ALL), one(HOOK)]));
    assert_eq!(rec.states(), [State::Ready; 4]);
}

#[test]
fn register_failure_with_rollback_errors() {
    let mut rec = Rec::<4>::new();
    rec.plan(|p| {
        p.register = Act::Fail;
        p.cleanup[0] = Act::Panic;
        p.cleanup[3] = Act::Fail;
    });
    let err = rec.initialize().unwrap_err();
    assert_eq!(rec.take_log(), log(&[calls("init", ALL), one(HOOK), calls_rev("cleanup", ALL)]));
    let names: Vec<_> = err.rollback_errors().iter().map(|f| f.component).collect();
    assert_eq!(names, ["d", "a"]);
    assert_eq!(rec.states(), [State::Failed, State::Stopped, State::Stopped, State::Failed]);
}

// ---- cleanup from Ready: reverse order, every one runs, errors collected -> Stopped ----

#[test]
fn cleanup_runs_every_cleanup_in_reverse_order() {
    let mut rec = Rec::<4>::new();
    rec.initialize().unwrap();
    rec.take_log();
    rec.cleanup().unwrap();
    assert_eq!(rec.take_log(), calls_rev("cleanup", ALL));
    assert_eq!(rec.state(), State::Stopped);
    let status = rec.status();
    for c in &status.components {
        assert_eq!(c.state, State::Stopped);
        assert!(c.init_time.is_some(), "the last successful init's time is kept");
        assert_eq!(c.health, Health::Unknown);
    }
    assert!(!status.is_healthy());
    assert_eq!(rec.take_log(), Vec::<String>::new(), "health is not asked of stopped components");
}

fn check_cleanup_failure_at(k: usize, what: Act) {
    let mut rec = Rec::<4>::new();
    rec.initialize().unwrap();
    rec.take_log();
    rec.plan(|p| p.cleanup[k] = what);

    let err = rec.cleanup().unwrap_err();

    let name = NAMES[k];
    assert_eq!(rec.take_log(), calls_rev("cleanup", ALL), "every cleanup still runs, k={k}");
    assert_eq!(rec.state(), State::Stopped);
    let mut expected = [State::Stopped; 4];
    expected[k] = State::Failed;
    assert_eq!(rec.states(), expected);
    assert_eq!(err.orchestrator(), "Rec");
    assert_eq!(err.errors().len(), 1);
    assert_eq!(err.errors()[0].component, name);
    let message = match what {
        Act::Fail => format!("{name} cleanup failed"),
        _ => format!("panicked: {name} cleanup panicked"),
    };
    assert_eq!(err.errors()[0].error.is_panic(), what == Act::Panic);
    assert_eq!(err.to_string(), format!("Rec: cleanup failed for 1 component: `{name}`: {message}"));
    assert_eq!(err.source().unwrap().to_string(), message);
    assert_eq!(err.source().unwrap().source().is_some(), what == Act::Fail);

    // Stopped: a second cleanup does nothing
    rec.cleanup().unwrap();
    assert_eq!(rec.take_log(), Vec::<String>::new());
    // and the orchestrator starts again, the failed component too
    rec.plan(|p| p.cleanup[k] = Act::Ok);
    rec.initialize().unwrap();
    assert_eq!(rec.take_log(), log(&[calls("init", ALL), one(HOOK)]));
}

#[test]
fn cleanup_error_at_every_position_the_others_still_run() {
    for k in 0..4 {
        check_cleanup_failure_at(k, Act::Fail);
    }
}

#[test]
fn cleanup_panic_at_every_position_the_others_still_run() {
    for k in 0..4 {
        check_cleanup_failure_at(k, Act::Panic);
    }
}

#[test]
fn cleanup_errors_come_back_together_in_cleanup_order() {
    let mut rec = Rec::<4>::new();
    rec.initialize().unwrap();
    rec.take_log();
    rec.plan(|p| p.cleanup = vec![Act::Panic, Act::Fail, Act::Ok, Act::Fail]);

    let err = rec.cleanup().unwrap_err();

    assert_eq!(rec.take_log(), calls_rev("cleanup", ALL));
    let names: Vec<_> = err.errors().iter().map(|f| f.component).collect();
    assert_eq!(names, ["d", "b", "a"]);
    assert_eq!(
        err.to_string(),
        "Rec: cleanup failed for 3 components: `d`: d cleanup failed; `b`: b cleanup failed; \
         `a`: panicked: a cleanup panicked"
    );
    assert!(err.source().is_none(), "several failures: no single source, each is in errors()");
    assert_eq!(rec.states(), [State::Failed, State::Failed, State::Stopped, State::Failed]);
    let owned = err.into_errors();
    assert_eq!(owned.len(), 3);
    assert!(owned[2].error.is_panic());
}

// ---- cleanup from Created, Stopped, Failed: nothing ----

#[test]
fn cleanup_when_created_does_nothing() {
    let mut rec = Rec::<4>::new();
    rec.cleanup().unwrap();
    assert_eq!(rec.take_log(), Vec::<String>::new());
    assert_eq!(rec.state(), State::Created);
    assert_eq!(rec.states(), [State::Created; 4]);
}

#[test]
fn cleanup_when_stopped_does_nothing() {
    let mut rec = Rec::<4>::new();
    rec.initialize().unwrap();
    rec.cleanup().unwrap();
    rec.take_log();
    rec.plan(|p| p.cleanup = vec![Act::Panic; 4]);
    rec.cleanup().unwrap();
    rec.cleanup().unwrap();
    assert_eq!(rec.take_log(), Vec::<String>::new());
    assert_eq!(rec.state(), State::Stopped);
}

#[test]
fn cleanup_when_failed_does_nothing() {
    let mut rec = Rec::<4>::new();
    rec.plan(|p| p.register = Act::Fail);
    rec.initialize().unwrap_err();
    rec.take_log();
    rec.cleanup().unwrap();
    assert_eq!(rec.take_log(), Vec::<String>::new());
    assert_eq!(rec.state(), State::Failed);
}

// ---- panic payloads ----

struct Weird;
impl orchestrator_core::Component for Weird {
    fn init(&mut self) -> Result<(), orchestrator_core::ComponentError> {
        std::panic::panic_any(42_u32)
    }
}

struct Literal;
impl orchestrator_core::Component for Literal {
    fn init(&mut self) -> Result<(), orchestrator_core::ComponentError> {
        panic!("static message")
    }
}

struct Two {
    first: Literal,
    second: Weird,
    lifecycle: orchestrator_core::Lifecycle,
    fail_first: bool,
}

impl orchestrator_core::__private_0_1_0::DerivedOrchestrator for Two {
    const NAME: &'static str = "Two";
    const COMPONENTS: &'static [&'static str] = &["first", "second"];
    const TYPES: &'static [&'static str] = &["Literal", "Weird"];
    fn lifecycle(&self) -> &orchestrator_core::Lifecycle {
        &self.lifecycle
    }
    fn lifecycle_mut(&mut self) -> &mut orchestrator_core::Lifecycle {
        &mut self.lifecycle
    }
}

impl orchestrator_core::__private_0_1_0::SyncComponents for Two {
    fn component(&self, index: usize) -> Option<&dyn orchestrator_core::Component> {
        match index {
            0 => Some(&self.first),
            1 => Some(&self.second),
            _ => None,
        }
    }
    fn step(
        &mut self,
        index: usize,
        step: orchestrator_core::__private_0_1_0::Step,
    ) -> Result<(), orchestrator_core::ComponentError> {
        let component: Option<&mut dyn orchestrator_core::Component> = {
            match index {
                0 if self.fail_first => Some(&mut self.first),
                0 => None,
                1 => Some(&mut self.second),
                _ => None,
            }
        };
        match (component, step) {
            (Some(c), orchestrator_core::__private_0_1_0::Step::Init) => c.init(),
            (Some(c), orchestrator_core::__private_0_1_0::Step::Cleanup) => c.cleanup(),
            (None, _) => Ok(()),
        }
    }
}

#[test]
fn panic_payloads_static_str_and_non_string() {
    let mut two = Two { first: Literal, second: Weird, lifecycle: Default::default(), fail_first: true };
    let err = two.initialize().unwrap_err();
    assert_eq!(err.component(), "first");
    assert_eq!(err.cause().to_string(), "panicked: static message");

    let mut two = Two { first: Literal, second: Weird, lifecycle: Default::default(), fail_first: false };
    let err = two.initialize().unwrap_err();
    assert_eq!(err.component(), "second");
    assert!(err.cause().is_panic());
    assert_eq!(err.cause().to_string(), "panicked: a panic with a non-string payload");
    assert_eq!(err.to_string(), "Two: init of component `second` failed: panicked: a panic with a non-string payload");
}

// ---- status ----

#[test]
fn status_table_of_a_created_orchestrator_exact_text() {
    let rec = Rec::<4>::new();
    let status = rec.status();
    assert_eq!(status.name, "Rec");
    assert_eq!(status.config, None);
    assert_eq!(
        status.to_string(),
        "Rec: Created\n\
         \x20 #  component  type    state    health  init\n\
         \x20 1  a          ProbeA  Created  -       -\n\
         \x20 2  b          ProbeB  Created  -       -\n\
         \x20 3  c          ProbeC  Created  -       -\n\
         \x20 4  d          ProbeD  Created  -       -\n"
    );
}

#[test]
fn status_table_with_mixed_states_health_and_config_exact_text() {
    let mut rec = Rec::<4>::with_config(Cfg { retries: 3, host: "db.local" });
    rec.initialize().unwrap();
    rec.plan(|p| p.health = vec![HealthAct::Healthy, HealthAct::Degraded, HealthAct::Unhealthy, HealthAct::Panic]);
    let mut status = rec.status();
    // init times are real measurements: replace them by known ones
    let times =
        [Duration::from_nanos(850), Duration::from_micros(12), Duration::from_millis(3), Duration::from_secs(2)];
    for (c, t) in status.components.iter_mut().zip(times) {
        assert!(c.init_time.is_some());
        c.init_time = Some(t);
    }
    assert_eq!(status.config.as_deref(), Some(r#"Cfg { retries: 3, host: "db.local" }"#));
    assert_eq!(
        status.to_string(),
        "Rec: Ready\n\
         \x20 #  component  type    state  health                                  init\n\
         \x20 1  a          ProbeA  Ready  healthy                                 850ns\n\
         \x20 2  b          ProbeB  Ready  degraded: slow                          12.0µs\n\
         \x20 3  c          ProbeC  Ready  unhealthy: down                         3.0ms\n\
         \x20 4  d          ProbeD  Ready  unhealthy: panicked: d health panicked  2.0s\n\
         \x20 config: Cfg { retries: 3, host: \"db.local\" }\n"
    );
    assert!(!status.is_healthy());
    assert_eq!(status.component("d").unwrap().health, Health::Unhealthy("panicked: d health panicked".into()));
}

#[test]
fn status_after_a_failed_initialize_shows_each_component_state() {
    let mut rec = Rec::<4>::with_config(Cfg { retries: 0, host: "x" });
    rec.plan(|p| p.init[2] = Act::Panic);
    rec.initialize().unwrap_err();
    let status = rec.status();
    assert_eq!(status.state, State::Failed);
    let rows: Vec<_> =
        status.components.iter().map(|c| (c.name, c.type_name, c.state, c.init_time.is_some())).collect();
    assert_eq!(
        rows,
        [
            ("a", "ProbeA", State::Stopped, true),
            ("b", "ProbeB", State::Stopped, true),
            ("c", "ProbeC", State::Failed, false),
            ("d", "ProbeD", State::Created, false),
        ]
    );
    let text = status.to_string();
    assert!(text.starts_with("Rec: Failed\n"), "{text}");
    assert!(text.contains("\n  3  c          ProbeC  Failed   -       -\n"), "{text}");
    assert!(
        text.ends_with(
            "  config: Cfg { retries: 0, host: \"x\" }\n  last failure: init of `c` failed: panicked: c init panicked\n"
        ),
        "{text}"
    );
    let failure = status.last_failure.expect("the failure is in the status");
    assert_eq!((failure.component, failure.phase, failure.panicked), ("c", Phase::Init, true));
    assert_eq!(failure.message, "panicked: c init panicked");
}

#[test]
fn health_is_asked_only_of_ready_components_of_a_ready_orchestrator() {
    let mut rec = Rec::<4>::new();
    rec.status();
    assert_eq!(rec.take_log(), Vec::<String>::new(), "Created: no health call");

    rec.initialize().unwrap();
    rec.take_log();
    let status = rec.status();
    assert_eq!(rec.take_log(), calls("health", ALL));
    assert!(status.is_healthy());

    rec.plan(|p| p.health[1] = HealthAct::Panic);
    let status = rec.status();
    assert_eq!(rec.take_log(), calls("health", ALL), "a panicking health() does not stop the others");
    assert_eq!(status.component("b").unwrap().health, Health::Unhealthy("panicked: b health panicked".into()));
    assert_eq!(status.component("c").unwrap().health, Health::Healthy);
    assert!(!status.is_healthy());
    assert_eq!(rec.state(), State::Ready, "a panicking health() changes no state");

    rec.plan(|p| p.health[1] = HealthAct::Degraded);
    assert_eq!(rec.status().component("b").unwrap().health, Health::Degraded("slow".into()));
    rec.take_log();

    rec.cleanup().unwrap();
    rec.take_log();
    let status = rec.status();
    assert_eq!(rec.take_log(), Vec::<String>::new(), "Stopped: no health call");
    assert!(status.components.iter().all(|c| c.health == Health::Unknown));
}

#[test]
fn health_is_not_asked_of_a_failed_orchestrator() {
    let mut rec = Rec::<4>::new();
    rec.plan(|p| p.register = Act::Fail);
    rec.initialize().unwrap_err();
    rec.take_log();
    let status = rec.status();
    assert_eq!(rec.take_log(), Vec::<String>::new());
    assert!(status.components.iter().all(|c| c.health == Health::Unknown));
}

#[test]
fn status_without_config_has_no_config_line() {
    let rec = Rec::<2>::new();
    let status = rec.status();
    assert_eq!(status.config, None);
    assert!(!status.to_string().contains("config"));
    assert_eq!(status.to_string().lines().count(), 4);
}

// ---- more than 16 components: records past the inline slots ----

#[test]
fn twenty_components_initialize_and_clean_up_in_order() {
    let mut rec = Rec::<20>::new();
    rec.initialize().unwrap();
    assert_eq!(rec.take_log(), log(&[calls("init", NAMES), one(HOOK)]));
    let status = rec.status();
    assert_eq!(status.components.len(), 20);
    assert!(status.components.iter().all(|c| c.state == State::Ready && c.init_time.is_some()));
    assert_eq!(status.components[19].name, "t");
    assert_eq!(status.components[19].type_name, "ProbeT");
    rec.take_log();

    rec.plan(|p| p.cleanup[17] = Act::Fail);
    let err = rec.cleanup().unwrap_err();
    assert_eq!(rec.take_log(), calls_rev("cleanup", NAMES));
    assert_eq!(err.errors().len(), 1);
    assert_eq!(err.errors()[0].component, "r");
    let states = rec.states();
    assert_eq!(states[17], State::Failed);
    assert!(states.iter().enumerate().all(|(i, s)| i == 17 || *s == State::Stopped), "{states:?}");

    rec.plan(|p| p.cleanup[17] = Act::Ok);
    rec.initialize().unwrap();
    assert_eq!(rec.states(), [State::Ready; 20]);
}

#[test]
fn twenty_components_init_failure_past_the_inline_slots_rolls_back_all_before() {
    for k in [15, 16, 18, 19] {
        let mut rec = Rec::<20>::new();
        rec.plan(|p| p.init[k] = Act::Panic);
        let err = rec.initialize().unwrap_err();
        assert_eq!(err.component(), NAMES[k]);
        assert_eq!(rec.take_log(), log(&[calls("init", &NAMES[..=k]), calls_rev("cleanup", &NAMES[..k])]));
        let states = rec.states();
        for (i, s) in states.iter().enumerate() {
            let expected = match i.cmp(&k) {
                std::cmp::Ordering::Less => State::Stopped,
                std::cmp::Ordering::Equal => State::Failed,
                std::cmp::Ordering::Greater => State::Created,
            };
            assert_eq!(*s, expected, "k={k} i={i}");
        }
        // retry works, past the inline slots too
        rec.plan(|p| p.init[k] = Act::Ok);
        rec.initialize().unwrap();
        assert_eq!(rec.states(), [State::Ready; 20]);
        rec.cleanup().unwrap();
        assert_eq!(rec.states(), [State::Stopped; 20]);
    }
}

#[test]
fn twenty_components_register_failure_rolls_back_all_twenty() {
    let mut rec = Rec::<20>::new();
    rec.plan(|p| {
        p.register = Act::Fail;
        p.cleanup[19] = Act::Fail;
        p.cleanup[0] = Act::Fail;
    });
    let err = rec.initialize().unwrap_err();
    assert_eq!(rec.take_log(), log(&[calls("init", NAMES), one(HOOK), calls_rev("cleanup", NAMES)]));
    let names: Vec<_> = err.rollback_errors().iter().map(|f| f.component).collect();
    assert_eq!(names, ["t", "a"]);
}

// ---- cleanup on drop ----

struct Dropping(Rec<3>);

impl Drop for Dropping {
    fn drop(&mut self) {
        orchestrator_core::__private_0_1_0::drop_cleanup(&mut self.0);
    }
}

#[test]
fn drop_cleanup_cleans_a_ready_orchestrator_and_swallows_errors() {
    let rec = Rec::<3>::new();
    let log = std::rc::Rc::clone(&rec.log);
    let mut dropping = Dropping(rec);
    dropping.0.initialize().unwrap();
    dropping.0.plan(|p| p.cleanup[1] = Act::Panic);
    drop(dropping);
    assert_eq!(*log.borrow(), ["init a", "init b", "init c", "wire", "cleanup c", "cleanup b", "cleanup a"]);
}

#[test]
fn drop_cleanup_does_nothing_when_not_ready() {
    let rec = Rec::<3>::new();
    let log = std::rc::Rc::clone(&rec.log);
    let mut dropping = Dropping(rec);
    dropping.0.initialize().unwrap();
    dropping.0.cleanup().unwrap();
    log.borrow_mut().clear();
    drop(dropping);
    assert!(log.borrow().is_empty());

    let log2 = {
        let rec = Rec::<3>::new();
        let log = std::rc::Rc::clone(&rec.log);
        drop(Dropping(rec));
        log
    };
    assert!(log2.borrow().is_empty());
}
