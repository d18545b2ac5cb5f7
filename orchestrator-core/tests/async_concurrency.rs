//! Components of one dependency level really run concurrently: each `init` (and each
//! `cleanup`) of a pair waits for a signal that only the other one sends. A sequential engine
//! would wait forever; every run has a deadline, so such an engine fails with a clear
//! assertion instead of hanging.

mod async_support;
#[path = "async_support/rendezvous.rs"]
mod rendezvous;

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_support::block_on_deadline;
use orchestrator_core::__private_0_1_0 as p;
use orchestrator_core::{AsyncComponent, AsyncOrchestrator, ComponentError, Lifecycle, State};
use rendezvous::{Rendezvous, Waiter};

/// The dependencies of a [`Pair`].
trait Shape: Send {
    const DEPENDENCIES: &'static [&'static [usize]];
}

/// `left` and `right` both on level 0.
struct Independent;
impl Shape for Independent {
    const DEPENDENCIES: &'static [&'static [usize]] = &[];
}

/// `right` after `left`: two levels, so the pair can never meet.
struct Chained;
impl Shape for Chained {
    const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[0]];
}

struct Pair<S: Shape> {
    left: Waiter,
    right: Waiter,
    lifecycle: Lifecycle,
    shape: PhantomData<S>,
}

impl<S: Shape> Pair<S> {
    fn new() -> Self {
        let (init, cleanup) = (Arc::new(Rendezvous::default()), Arc::new(Rendezvous::default()));
        Self {
            left: Waiter { me: 0, init: init.clone(), cleanup: cleanup.clone() },
            right: Waiter { me: 1, init, cleanup },
            lifecycle: Lifecycle::default(),
            shape: PhantomData,
        }
    }
}

// What the derive generates.
const _: () = {
    #[automatically_derived]
    impl<S: Shape> p::DerivedOrchestrator for Pair<S> {
        const NAME: &'static str = "Pair";
        const COMPONENTS: &'static [&'static str] = &["left", "right"];
        const DEPENDENCIES: &'static [&'static [usize]] = S::DEPENDENCIES;
        const TYPES: &'static [&'static str] = &["Waiter", "Waiter"];
        fn lifecycle(&self) -> &p::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut p::Lifecycle {
            &mut self.lifecycle
        }
    }

    impl<S: Shape> p::AsyncComponents for Pair<S> {
        fn split(&mut self) -> (&mut p::Lifecycle, p::Vec<&mut dyn p::DynAsyncComponent>) {
            (&mut self.lifecycle, p::vec![&mut self.left, &mut self.right])
        }
        fn component(&self, index: usize) -> ::core::option::Option<&dyn p::DynAsyncComponent> {
            match index {
                0 => ::core::option::Option::Some(&self.left),
                1 => ::core::option::Option::Some(&self.right),
                _ => ::core::option::Option::None,
            }
        }
    }
};

const DEADLINE: Duration = Duration::from_secs(5);

#[test]
fn components_of_one_level_initialize_and_clean_up_concurrently() {
    let mut pair = Pair::<Independent>::new();
    let result = block_on_deadline(pair.initialize(), DEADLINE);
    assert!(
        result.is_some(),
        "initialize() did not finish within {DEADLINE:?}: `left` and `right` (both level 0) each wait for \
         the other to start its init, so they were not initialized concurrently"
    );
    result.unwrap().unwrap();
    assert_eq!(pair.state(), State::Ready);

    let result = block_on_deadline(pair.cleanup(), DEADLINE);
    assert!(
        result.is_some(),
        "cleanup() did not finish within {DEADLINE:?}: `left` and `right` (both level 0) were not cleaned up \
         concurrently"
    );
    result.unwrap().unwrap();
    assert_eq!(pair.state(), State::Stopped);
}

#[test]
fn the_deadline_catches_components_that_run_one_after_the_other() {
    // The control: with `right` after `left` the two inits are sequential by design, so the
    // rendezvous can never happen, and the deadline (not a hang) ends the test.
    let mut pair = Pair::<Chained>::new();
    let result = block_on_deadline(pair.initialize(), Duration::from_millis(200));
    assert!(result.is_none(), "a sequential pair cannot meet: {result:?}");
}

/// Sleeps on tokio's timer: `initialize()` runs on a multi-threaded tokio runtime too.
struct Sleeper(Duration);

impl AsyncComponent for Sleeper {
    async fn init(&mut self) -> Result<(), ComponentError> {
        tokio::time::sleep(self.0).await;
        Ok(())
    }
}

struct Sleepers {
    one: Sleeper,
    two: Sleeper,
    three: Sleeper,
    lifecycle: Lifecycle,
}

const _: () = {
    #[automatically_derived]
    impl p::DerivedOrchestrator for Sleepers {
        const NAME: &'static str = "Sleepers";
        const COMPONENTS: &'static [&'static str] = &["one", "two", "three"];
        const TYPES: &'static [&'static str] = &["Sleeper", "Sleeper", "Sleeper"];
        fn lifecycle(&self) -> &p::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut p::Lifecycle {
            &mut self.lifecycle
        }
    }

    impl p::AsyncComponents for Sleepers {
        fn split(&mut self) -> (&mut p::Lifecycle, p::Vec<&mut dyn p::DynAsyncComponent>) {
            (&mut self.lifecycle, p::vec![&mut self.one, &mut self.two, &mut self.three])
        }
        fn component(&self, index: usize) -> ::core::option::Option<&dyn p::DynAsyncComponent> {
            match index {
                0 => ::core::option::Option::Some(&self.one),
                1 => ::core::option::Option::Some(&self.two),
                2 => ::core::option::Option::Some(&self.three),
                _ => ::core::option::Option::None,
            }
        }
    }
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn independent_sleeps_overlap_inside_tokio_spawn() {
    let step = Duration::from_millis(200);
    let mut sleepers =
        Sleepers { one: Sleeper(step), two: Sleeper(step), three: Sleeper(step), lifecycle: Lifecycle::new() };
    let start = Instant::now();
    let (sleepers, result) = tokio::spawn(async move {
        let result = sleepers.initialize().await;
        (sleepers, result)
    })
    .await
    .unwrap();
    let elapsed = start.elapsed();
    result.unwrap();
    assert!(elapsed < step * 2, "three 200 ms inits of one level took {elapsed:?}: they did not overlap");
    let status = sleepers.status();
    for component in &status.components {
        let init = component.init_time.unwrap();
        assert!(init >= step && init < step * 2, "{}: {init:?}", component.name);
    }
}
