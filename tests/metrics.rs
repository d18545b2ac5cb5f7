//! The `metrics` feature: a lifecycle's state, its components' steps, restarts and a
//! supervised run's give-up, as a recorder of the `metrics` facade receives them.
#![cfg(all(feature = "metrics", feature = "tokio"))]

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use metrics_util::debugging::{DebugValue, DebuggingRecorder, Snapshotter};
use orchestrator::prelude::*;
use orchestrator::{RunError, Supervision};

#[derive(Default)]
struct Part {
    fails: Arc<AtomicBool>,
    sick: bool,
}

impl Component for Part {
    fn init(&mut self) -> Result<(), ComponentError> {
        if self.fails.load(Ordering::SeqCst) { Err(ComponentError::msg("no disk")) } else { Ok(()) }
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }
    fn health(&self) -> Health {
        if self.sick { Health::Unhealthy("sick".into()) } else { Health::Healthy }
    }
}

#[derive(Orchestrator)]
struct Shop {
    #[component]
    db: Part,
    #[component(after(db))]
    web: Part,
    lifecycle: Lifecycle,
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Sick {
    #[component]
    db: Part,
    #[component(after(db))]
    worker: Part,
    lifecycle: Lifecycle,
}

/// Each metric by its name and sorted labels, as `name{label=value,...}`.
fn values(snapshotter: &Snapshotter) -> HashMap<String, DebugValue> {
    snapshotter
        .snapshot()
        .into_vec()
        .into_iter()
        .map(|(key, _, _, value)| {
            let key = key.key();
            let mut labels: Vec<String> = key.labels().map(|l| format!("{}={}", l.key(), l.value())).collect();
            labels.sort();
            (format!("{}{{{}}}", key.name(), labels.join(",")), value)
        })
        .collect()
}

fn gauge(values: &HashMap<String, DebugValue>, key: &str) -> f64 {
    match values.get(key) {
        Some(DebugValue::Gauge(value)) => value.into_inner(),
        other => panic!("{key}: {other:?} in {:#?}", values.keys()),
    }
}

fn counter(values: &HashMap<String, DebugValue>, key: &str) -> u64 {
    match values.get(key) {
        Some(DebugValue::Counter(value)) => *value,
        other => panic!("{key}: {other:?} in {:#?}", values.keys()),
    }
}

fn histogram_count(values: &HashMap<String, DebugValue>, key: &str) -> usize {
    match values.get(key) {
        Some(DebugValue::Histogram(samples)) => samples.len(),
        other => panic!("{key}: {other:?} in {:#?}", values.keys()),
    }
}

#[test]
fn a_lifecycle_records_state_steps_failures_and_restarts() {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    let web_fails = Arc::new(AtomicBool::new(false));
    metrics::with_local_recorder(&recorder, || {
        let mut shop = Shop::from_parts(Part::default(), Part { fails: web_fails.clone(), sick: false });
        shop.initialize().unwrap();
        let now = values(&snapshotter);
        assert_eq!(gauge(&now, "orchestrator_state{orchestrator=Shop,state=ready}"), 1.0);
        assert_eq!(gauge(&now, "orchestrator_state{orchestrator=Shop,state=stopped}"), 0.0);
        assert_eq!(gauge(&now, "orchestrator_component_up{component=web,orchestrator=Shop}"), 1.0);
        assert_eq!(
            histogram_count(&now, "orchestrator_step_duration_seconds{component=db,orchestrator=Shop,phase=init}"),
            1
        );

        shop.restart("db").unwrap();
        let now = values(&snapshotter);
        assert_eq!(counter(&now, "orchestrator_restarts_total{component=db,orchestrator=Shop}"), 1);
        assert_eq!(
            histogram_count(&now, "orchestrator_step_duration_seconds{component=web,orchestrator=Shop,phase=cleanup}"),
            1
        );

        shop.cleanup().unwrap();
        let now = values(&snapshotter);
        assert_eq!(gauge(&now, "orchestrator_state{orchestrator=Shop,state=stopped}"), 1.0);
        assert_eq!(gauge(&now, "orchestrator_state{orchestrator=Shop,state=ready}"), 0.0);
        assert_eq!(gauge(&now, "orchestrator_component_up{component=db,orchestrator=Shop}"), 0.0);

        web_fails.store(true, Ordering::SeqCst);
        shop.initialize().unwrap_err();
        let now = values(&snapshotter);
        assert_eq!(gauge(&now, "orchestrator_state{orchestrator=Shop,state=failed}"), 1.0);
        assert_eq!(counter(&now, "orchestrator_step_failures_total{component=web,orchestrator=Shop,phase=init}"), 1);
        assert_eq!(gauge(&now, "orchestrator_component_up{component=web,orchestrator=Shop}"), 0.0);
        // db was initialized, then rolled back (a snapshot takes the histograms' samples: these
        // are the ones since the last)
        assert_eq!(gauge(&now, "orchestrator_component_up{component=db,orchestrator=Shop}"), 0.0);
        assert_eq!(
            histogram_count(&now, "orchestrator_step_duration_seconds{component=db,orchestrator=Shop,phase=init}"),
            1
        );
        assert_eq!(
            histogram_count(&now, "orchestrator_step_duration_seconds{component=db,orchestrator=Shop,phase=cleanup}"),
            1
        );
    });
}

#[test]
fn a_supervised_run_records_its_restarts_and_its_give_up() {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    metrics::with_local_recorder(&recorder, || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
        runtime.block_on(async {
            let mut sick = Sick::from_parts(Part::default(), Part { fails: Arc::default(), sick: true });
            let supervision =
                Supervision::new().check_every(Duration::from_millis(10)).max_restarts(2, Duration::from_secs(60));
            let outcome = sick.run(std::future::pending(), &supervision).await;
            assert!(matches!(outcome, Err(RunError::GaveUp { .. })), "{outcome:?}");
        });
    });
    let now = values(&snapshotter);
    assert_eq!(counter(&now, "orchestrator_restarts_total{component=worker,orchestrator=Sick}"), 2);
    assert_eq!(counter(&now, "orchestrator_gave_up_total{component=worker,orchestrator=Sick}"), 1);
    assert_eq!(gauge(&now, "orchestrator_state{orchestrator=Sick,state=stopped}"), 1.0);
}
