//! Per-component timeouts (`TIMEOUTS_MS`): with the `tokio` feature, a step that does not finish
//! in time fails with `TimedOut` (init: rollback; cleanup: a recorded failure); without it, a
//! component with a timeout fails its init, saying the feature is missing.
//!
//! Run with `cargo test -p orchestrator-core --features tokio --test async_timeout` (and once
//! without the feature).

mod async_support;

use async_support::{Four, Timeouts, block_on};
use orchestrator_core::__private_0_1_0::TIMEOUTS_SUPPORTED;
use orchestrator_core::{AsyncOrchestrator, State};

/// 50 ms for every component.
struct Ms50;

impl Timeouts for Ms50 {
    const MS: &'static [Option<u64>] = &[Some(50), Some(50), Some(50), Some(50)];
}

type Timed = Four<Ms50>;

#[cfg(feature = "tokio")]
mod with_tokio {
    use super::*;
    use async_support::Behavior;
    use orchestrator_core::TimedOut;

    fn states(four: &Timed) -> Vec<State> {
        four.status().components.iter().map(|c| c.state).collect()
    }

    fn cleanups(four: &Timed) -> Vec<String> {
        four.log.done().into_iter().filter(|e| e.starts_with("cleanup")).collect()
    }

    #[tokio::test]
    async fn fast_components_finish_within_their_timeouts() {
        const { assert!(TIMEOUTS_SUPPORTED) };
        let mut four = Timed::new();
        four.initialize().await.unwrap();
        assert_eq!(states(&four), [State::Ready; 4]);
        four.cleanup().await.unwrap();
        assert_eq!(states(&four), [State::Stopped; 4]);
    }

    #[tokio::test]
    async fn a_timed_out_init_is_a_failure_that_rolls_back() {
        let cases: [(&str, &[&str]); 3] =
            [("a", &["cleanup b"]), ("b", &["cleanup a"]), ("c", &["cleanup a", "cleanup b"])];
        for (position, rolled_back) in cases {
            let mut four = Timed::new();
            match position {
                "a" => four.a.init = Behavior::Hang,
                "b" => four.b.init = Behavior::Hang,
                _ => four.c.init = Behavior::Hang,
            }
            let err = four.initialize().await.expect_err(position);
            assert_eq!(err.component(), position);
            assert!(!err.cause().is_panic());
            assert_eq!(err.cause().downcast_ref::<TimedOut>(), Some(&TimedOut::new(50)));
            assert_eq!(err.to_string(), format!("Four: init of component `{position}` failed: timed out after 50 ms"));
            assert_eq!(cleanups(&four), rolled_back.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(), "{position}");
            assert_eq!(four.state(), State::Failed);
            assert_eq!(four.status().component(position).unwrap().state, State::Failed);
        }
    }

    #[tokio::test]
    async fn a_timed_out_cleanup_is_recorded_and_the_others_still_run() {
        let mut four = Timed::new();
        four.initialize().await.unwrap();
        four.log.clear();
        four.b.cleanup = Behavior::Hang;
        four.c.cleanup = Behavior::Fail;
        let err = four.cleanup().await.expect_err("cleanup should fail");
        let errors: Vec<_> = err.errors().iter().map(|f| (f.component, f.error.to_string())).collect();
        assert_eq!(errors, [("c", "c cleanup failed".to_owned()), ("b", "timed out after 50 ms".to_owned())]);
        assert_eq!(four.log.done(), ["cleanup d", "cleanup a"]);
        assert_eq!(four.state(), State::Stopped);
        assert_eq!(states(&four), [State::Stopped, State::Failed, State::Failed, State::Stopped]);
    }

    #[tokio::test]
    async fn a_timed_out_rollback_is_carried_by_the_init_error() {
        let mut four = Timed::new();
        four.d.init = Behavior::Fail;
        four.a.cleanup = Behavior::Hang;
        let err = four.initialize().await.expect_err("initialize should fail");
        assert_eq!(err.component(), "d");
        let rollback: Vec<_> = err.rollback_errors().iter().map(|f| (f.component, f.error.to_string())).collect();
        assert_eq!(rollback, [("a", "timed out after 50 ms".to_owned())]);
        assert_eq!(cleanups(&four), ["cleanup c", "cleanup b"]);
        assert_eq!(states(&four), [State::Failed, State::Stopped, State::Stopped, State::Failed]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn timeouts_work_inside_tokio_spawn() {
        let mut four = Timed::new();
        four.c.init = Behavior::Hang;
        let (four, result) = tokio::spawn(async move {
            let result = four.initialize().await;
            (four, result)
        })
        .await
        .unwrap();
        assert_eq!(result.unwrap_err().cause().downcast_ref::<TimedOut>(), Some(&TimedOut::new(50)));
        assert_eq!(four.state(), State::Failed);
    }

    #[test]
    fn a_timeout_outside_a_tokio_runtime_fails_that_init_without_escaping() {
        // tokio's timer panics outside a runtime: the panic is caught as the component's error.
        let mut four = Timed::new();
        let err = block_on(four.initialize()).expect_err("no tokio runtime");
        assert_eq!(err.component(), "a");
        assert!(err.cause().is_panic(), "{err}");
        assert_eq!(four.state(), State::Failed);
        assert_eq!(states(&four), [State::Failed, State::Failed, State::Created, State::Created]);
    }
}

#[cfg(not(feature = "tokio"))]
#[test]
fn without_the_tokio_feature_a_component_with_a_timeout_fails_its_init() {
    const { assert!(!TIMEOUTS_SUPPORTED) };
    let mut four = Timed::new();
    let err = block_on(four.initialize()).expect_err("timeouts need the tokio feature");
    assert_eq!(err.component(), "a");
    assert_eq!(err.cause().to_string(), "timeout_ms = 50 needs the `tokio` feature of orchestrator-pattern");
    assert!(four.log.all().is_empty(), "no init ran");
    assert_eq!(four.state(), State::Failed);
}
