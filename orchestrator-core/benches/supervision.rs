//! What supervision costs a running service: one health check of an 8-component async
//! orchestrator, which a supervised run (`Supervise::run`) does once per interval — the
//! `status()` snapshot it reads the components' health from. Printed as nanoseconds per check
//! and as the share of a 1 s interval (the default), measured against an empty loop in the same
//! run.
//!
//! `cargo bench -p orchestrator-core --bench supervision`, or `scripts/bench-runtime.sh`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use orchestrator_core::__private_0_1_0 as p;
use orchestrator_core::{AsyncComponent, AsyncOrchestrator, Health, Lifecycle};

/// A component that is healthy, as most are between two checks.
#[derive(Default)]
struct Unit;

impl AsyncComponent for Unit {
    fn health(&self) -> Health {
        Health::Healthy
    }
}

#[derive(Default)]
struct Eight {
    c: [Unit; 8],
    lifecycle: Lifecycle,
}

impl p::DerivedOrchestrator for Eight {
    const NAME: &'static str = "Eight";
    const COMPONENTS: &'static [&'static str] = &["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"];
    const TYPES: &'static [&'static str] = &["Unit"; 8];
    fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }
    fn lifecycle_mut(&mut self) -> &mut Lifecycle {
        &mut self.lifecycle
    }
}

impl p::AsyncComponents for Eight {
    fn split(&mut self) -> (&mut Lifecycle, Vec<&mut dyn p::DynAsyncComponent>) {
        let components = self.c.iter_mut().map(|c| c as &mut dyn p::DynAsyncComponent).collect();
        (&mut self.lifecycle, components)
    }
    fn health(&self, index: usize) -> Option<Health> {
        self.c.get(index).map(|c| <Unit as p::AsyncComponentField>::health(c).unwrap_or(Health::Unknown))
    }
}

/// A std-only `block_on` for futures that never wait.
fn ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn main() {
    let mut eight = Eight::default();
    ready(eight.initialize()).expect("trivial components start");
    // with a live status handle, as a service with a /health route has
    let _handle = eight.status_handle();
    let rounds = 200_000_u32;
    let start = Instant::now();
    for _ in 0..rounds {
        let status = black_box(&eight).status();
        black_box(status.components.iter().filter(|c| c.health.is_healthy()).count());
    }
    let per_check = start.elapsed() / rounds;
    let interval = Duration::from_secs(1);
    println!(
        "supervision: one health check of 8 components = {:.0} ns, {:.5}% of a {interval:?} interval",
        per_check.as_secs_f64() * 1e9,
        per_check.as_secs_f64() / interval.as_secs_f64() * 100.0
    );
}
