//! `async` coordination methods: guarded, traced per poll, and `Send` when their body is.
#![deny(warnings, clippy::pedantic)]

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use orchestrator::prelude::*;

/// Fetches.
#[derive(Debug, Default)]
pub struct Fetcher;
impl Component for Fetcher {}
impl Fetcher {
    /// Fetches one value.
    pub async fn fetch(&self, key: u32) -> u32 {
        std::future::ready(key).await
    }
}

/// Stores.
#[derive(Debug, Default)]
pub struct Store;
impl Component for Store {}
impl Store {
    /// Stores one value.
    pub async fn put(&mut self, value: u32) -> u32 {
        value
    }
}

/// An async orchestrator's coordination.
#[derive(Orchestrator)]
pub struct Pipeline {
    #[component]
    fetcher: Fetcher,
    #[component]
    store: Store,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Pipeline {
    /// Fetches then stores.
    ///
    /// # Errors
    /// When not ready.
    pub async fn run(&mut self, key: u32) -> Result<u32, NotReady> {
        let value = self.fetcher.fetch(key).await;
        Ok(self.store.put(value).await)
    }

    /// Fetches only.
    pub async fn peek(&self, key: u32) -> u32 {
        self.fetcher.fetch(key).await
    }
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

struct Noop;
impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

fn block_on<F: Future>(future: F) -> F::Output {
    let waker = Waker::from(Arc::new(Noop));
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

fn main() {
    let mut pipeline = Pipeline::from_parts(Fetcher, Store);
    assert!(block_on(pipeline.run(1)).is_err());
    pipeline.initialize().unwrap();
    assert_eq!(block_on(assert_send(pipeline.run(2))).unwrap(), 2);
    assert_eq!(block_on(assert_send(pipeline.peek(3))), 3);
}
