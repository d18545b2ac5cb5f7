//! A benchmark of this workspace, not a library: `benches/peers.rs` starts and stops no-op
//! components with orchestrator-pattern (its `initialize` + `cleanup`, and `Supervise::run`),
//! with tokio-graceful-shutdown and with plain tokio tasks, interleaved on one current-thread
//! runtime, and prints the ratios. Run it with `scripts/bench-peers.sh`.
