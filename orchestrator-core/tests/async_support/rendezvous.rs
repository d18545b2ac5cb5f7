//! A rendezvous that only concurrent `init`s (or `cleanup`s) can reach: shared by the async
//! concurrency tests of orchestrator-core and of the facade (included with `#[path]`).

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};

use orchestrator_core::{AsyncComponent, ComponentError};

/// Two one-shot flags with wakers: `arrive(me)` raises my flag and wakes the other side;
/// `wait(me)` finishes once the other side has arrived.
#[derive(Default)]
pub struct Rendezvous {
    inner: Mutex<([bool; 2], [Option<Waker>; 2])>,
}

impl Rendezvous {
    pub fn arrive(&self, me: usize) {
        let mut inner = self.inner.lock().unwrap();
        inner.0[me] = true;
        if let Some(waker) = inner.1[1 - me].take() {
            waker.wake();
        }
    }

    pub fn wait(&self, me: usize) -> impl Future<Output = ()> + Send + '_ {
        std::future::poll_fn(move |cx| {
            let mut inner = self.inner.lock().unwrap();
            if inner.0[1 - me] {
                Poll::Ready(())
            } else {
                inner.1[me] = Some(cx.waker().clone());
                Poll::Pending
            }
        })
    }
}

/// A component that cannot finish its `init` (or `cleanup`) before its partner has started.
pub struct Waiter {
    pub me: usize,
    pub init: Arc<Rendezvous>,
    pub cleanup: Arc<Rendezvous>,
}

impl AsyncComponent for Waiter {
    async fn init(&mut self) -> Result<(), ComponentError> {
        self.init.arrive(self.me);
        self.init.wait(self.me).await;
        Ok(())
    }

    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.cleanup.arrive(self.me);
        self.cleanup.wait(self.me).await;
        Ok(())
    }
}
