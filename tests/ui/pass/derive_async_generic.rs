//! A generic async orchestrator: component slots for test doubles, a lifetime, a where clause.
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncOrchestrator};

#[derive(Default)]
struct Real;
impl AsyncComponent for Real {}

#[derive(Default)]
struct Fake;
impl Component for Fake {}

struct Borrowing<'a> {
    log: &'a mut Vec<String>,
}
impl AsyncComponent for Borrowing<'_> {
    async fn init(&mut self) -> Result<(), ComponentError> {
        self.log.push("init".into());
        Ok(())
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Pipeline<'a, S: AsyncComponent, T>
where
    T: Component + Send,
{
    #[component]
    source: S,
    #[component(after(source))]
    sink: T,
    #[component]
    log: Borrowing<'a>,
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

fn main() {
    let mut log = Vec::new();
    {
        let mut real = Pipeline::from_parts(Real, Fake, Borrowing { log: &mut log });
        block_on(real.initialize()).unwrap();
        block_on(real.cleanup()).unwrap();
        let mut other = Vec::new();
        let mut doubled = Pipeline::<Fake, Fake>::from_parts(Fake, Fake, Borrowing { log: &mut other });
        block_on(doubled.initialize()).unwrap();
        assert_eq!(Pipeline::<Fake, Fake>::COMPONENTS, &["source", "sink", "log"]);
    }
    assert_eq!(log, ["init"]);
}
