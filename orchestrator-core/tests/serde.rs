//! The `serde` feature: a `Status` serializes with every field (its last failure too), states,
//! phases and health in snake_case.
#![cfg(feature = "serde")]

use std::time::Duration;

use orchestrator_core::{ComponentStatus, Health, LastFailure, Phase, State, Status};

#[test]
fn status_serializes_with_every_field() {
    let status = Status {
        name: "Shop",
        state: State::Ready,
        components: vec![
            ComponentStatus {
                name: "db",
                type_name: "Database",
                state: State::Ready,
                health: Health::Degraded("slow disk".into()),
                init_time: Some(Duration::from_micros(1500)),
                restarts: 2,
            },
            ComponentStatus {
                name: "cache",
                type_name: "Cache",
                state: State::Failed,
                health: Health::Unknown,
                init_time: None,
                restarts: 0,
            },
        ],
        config: Some("ShopConfig { strict: true }".into()),
        last_failure: Some(LastFailure {
            component: "cache",
            phase: Phase::Init,
            message: "connection refused".into(),
            panicked: false,
        }),
    };
    let json = serde_json::to_value(&status).expect("a status serializes");
    assert_eq!(
        json,
        serde_json::json!({
            "name": "Shop",
            "state": "ready",
            "components": [
                {
                    "name": "db",
                    "type_name": "Database",
                    "state": "ready",
                    "health": { "health": "degraded", "reason": "slow disk" },
                    "init_time": { "secs": 0, "nanos": 1_500_000 },
                    "restarts": 2
                },
                {
                    "name": "cache",
                    "type_name": "Cache",
                    "state": "failed",
                    "health": { "health": "unknown" },
                    "init_time": null,
                    "restarts": 0
                }
            ],
            "config": "ShopConfig { strict: true }",
            "last_failure": {
                "component": "cache",
                "phase": "init",
                "message": "connection refused",
                "panicked": false
            }
        })
    );
}
