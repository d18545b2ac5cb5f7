//! An async orchestrator with async and sync components, under the lint wall.
#![deny(warnings, unused_qualifications, clippy::pedantic)]

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use orchestrator::AsyncComponent;
use orchestrator::AsyncOrchestrator;
use orchestrator::prelude::*;

/// Connects.
#[derive(Debug, Default)]
pub struct Database {
    open: bool,
}
impl AsyncComponent for Database {
    async fn init(&mut self) -> Result<(), ComponentError> {
        self.open = std::future::ready(true).await;
        Ok(())
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.open = false;
        Ok(())
    }
}

/// A sync component in an async orchestrator.
#[derive(Debug, Default)]
pub struct Metrics;
impl Component for Metrics {}

/// Services.
#[derive(Orchestrator)]
#[orchestrator(async)]
pub struct Services {
    #[component(after(metrics))]
    database: Database,
    #[component(name = "metrics-sink")]
    metrics: Metrics,
    lifecycle: Lifecycle,
}

struct Noop;
impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

fn block_on<F: Future>(future: F) -> F::Output {
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn assert_send<T: Send>(_: &T) {}

fn main() {
    assert_eq!(Services::NAME, "Services");
    assert_eq!(Services::COMPONENTS, &["metrics-sink", "database"]);
    let expected: &[&[usize]] = &[&[], &[0]];
    assert_eq!(Services::DEPENDENCIES, expected);
    let mut services = Services::from_parts(Database::default(), Metrics);
    let future = services.initialize();
    assert_send(&future);
    block_on(future).unwrap();
    assert!(services.database.open);
    assert_eq!(services.state(), State::Ready);
    assert_eq!(services.status().components.len(), 2);
    block_on(services.cleanup()).unwrap();
    assert_eq!(services.state(), State::Stopped);
}
