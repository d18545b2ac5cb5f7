//! The exact number of heap allocations the async lifecycle makes on its success path (the
//! sync lifecycle makes none: `tests/alloc.rs`). A counting global allocator counts the
//! allocations this thread makes between two points; the count is per thread, and this file
//! holds a single test so that the first calls (which register tracing callsites) are this
//! thread's.
//!
//! Where each allocation of a successful `initialize().await` comes from (`asynchronous/run.rs`,
//! `level.rs`), for trivial components and no timeout set: one per component step, the box of
//! its future (`AsyncComponentField::step` / `AsyncUsesField::step`: `Box::pin` of the
//! component's future, a concrete type so that a field type that is no component gets one
//! compile error, at the type), and nothing else. The generated `AsyncComponents::level` pins
//! each level's step futures in its own `async` block, one `match` arm per level, and the join
//! polls them through a slice of `Pin<&mut dyn StepSlot>` on that block's stack (no `Vec` per
//! level); the number of levels is a constant of the expansion (`depth`, no `levels()` per
//! call); who needs a cleanup is read from the `Lifecycle` as each step is built (no `Vec` of
//! flags); the failure `Vec`s stay empty; the default register hook is a zero-sized future (its
//! box allocates nothing); the tracing span and events allocate nothing; and `Lifecycle` keeps
//! the records of up to 16 components inline. A `cleanup().await` makes the same allocations.
//!
//! So `n` for `n` components, whatever their levels: 8 for 8 on one level, for a chain of 8,
//! and for a database and seven clients that use it (`#[component(uses(...))]`: the references
//! are passed straight from the fields into each step's future). A timeout (run time or
//! `timeout_ms`) adds its timer's box and a `Vec` of the level's timers; a failure adds its
//! errors.
//!
//! Not with the `metrics` feature: recording a step's metrics builds the facade's keys, which
//! allocate (`.ci/run` runs this file with every other feature).
#![cfg(not(feature = "metrics"))]

mod alloc_support;

use alloc_support::{Counting, allocations};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use orchestrator_core::__private_0_1_0 as p;
use orchestrator_core::{AsyncComponent, AsyncOrchestrator, AsyncUses, ComponentError, Health, Lifecycle, State};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Polls `future` until it is done, with a waker that does nothing (and allocates nothing):
/// the components here are ready at their first poll.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// An async component with real (if tiny) work, so nothing is optimized away.
#[derive(Default)]
struct Unit {
    inits: u32,
    cleanups: u32,
}

impl AsyncComponent for Unit {
    async fn init(&mut self) -> Result<(), ComponentError> {
        self.inits += 1;
        Ok(())
    }

    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.cleanups += 1;
        Ok(())
    }
}

/// An async component that receives a dependency, as a client starts against its database:
/// `init` records the database's generation, `cleanup` checks that the database is still open.
#[derive(Default)]
struct Client {
    inits: u32,
    cleanups: u32,
    generation: u32,
}

impl<'a> AsyncUses<&'a Unit> for Client {
    async fn init(&mut self, db: &'a Unit) -> Result<(), ComponentError> {
        self.inits += 1;
        self.generation = db.inits;
        Ok(())
    }

    async fn cleanup(&mut self, db: &'a Unit) -> Result<(), ComponentError> {
        if db.cleanups >= db.inits {
            return Err("the database closed first".into());
        }
        self.cleanups += 1;
        Ok(())
    }
}

/// A component's field as the derive reaches it: through `AsyncComponentField`, or for a component with
/// `uses(dep)`, through `AsyncUsesField` with a reference to the dependency's field.
macro_rules! field {
    (step $this:ident, $step:ident, $field:ident: $ty:ident) => {
        <$ty as p::AsyncComponentField>::step(&mut $this.$field, $step)
    };
    (step $this:ident, $step:ident, $field:ident: $ty:ident uses $dep:ident: $dty:ident) => {
        <$ty as p::AsyncUsesField<&$dty>>::step(&mut $this.$field, &$this.$dep, $step)
    };
    (health $this:ident, $field:ident: $ty:ident) => {
        <$ty as p::AsyncComponentField>::health(&$this.$field)
    };
    (health $this:ident, $field:ident: $ty:ident uses $dep:ident: $dty:ident) => {
        <$ty as p::AsyncUsesField<&$dty>>::health(&$this.$field)
    };
    (blocking $field:ident: $ty:ident) => {
        <$ty as p::AsyncComponentField>::BLOCKING
    };
    (blocking $field:ident: $ty:ident uses $dep:ident: $dty:ident) => {
        <$ty as p::AsyncUsesField<&$dty>>::BLOCKING
    };
}

/// An async orchestrator of the listed eight components (`name index: Type`, with
/// `uses dep: DepType` for a component that receives a dependency), written as the derive writes
/// it for `#[orchestrator(async)]` with no register hook and no config: `steps` has one arm per
/// dependency level, each building its components' futures into a `Vec` of the level's size.
macro_rules! orchestrator {
    (
        $name:ident, deps [$($deps:expr),*],
        levels [$($level:literal => [$($field:ident $index:literal: $ty:ident $(uses $dep:ident: $dty:ident)?),+]),+]
    ) => {
        #[derive(Default)]
        struct $name {
            $($($field: $ty,)+)+
            lifecycle: Lifecycle,
        }

        impl p::DerivedOrchestrator for $name {
            const NAME: &'static str = stringify!($name);
            const COMPONENTS: &'static [&'static str] = &[$($(stringify!($field)),+),+];
            const DEPENDENCIES: &'static [&'static [usize]] = &[$($deps),*];
            const TYPES: &'static [&'static str] = &[$($(stringify!($ty)),+),+];
            fn lifecycle(&self) -> &p::Lifecycle {
                &self.lifecycle
            }
            fn lifecycle_mut(&mut self) -> &mut p::Lifecycle {
                &mut self.lifecycle
            }
        }

        impl p::AsyncComponents for $name {
            fn depth(&self) -> usize {
                [$($level),+].len()
            }
            fn level<'a>(
                &'a mut self,
                level: usize,
                pass: &'a mut p::Pass<'_>,
            ) -> impl std::future::Future<Output = ()> + Send + 'a {
                async move {
                    let step = pass.step();
                    let lifecycle = &mut self.lifecycle;
                    match level {
                        $($level => {
                            $(let $field = std::pin::pin!(pass.start(lifecycle, $index, |_| field!(step self, step, $field: $ty $(uses $dep: $dty)?)));)+
                            pass.join(lifecycle, &mut [$(($index, $field as _)),+]).await;
                        })+
                        _ => {}
                    }
                }
            }
            fn health(&self, index: usize) -> Option<Health> {
                match index {
                    $($($index => field!(health self, $field: $ty $(uses $dep: $dty)?),)+)+
                    _ => None,
                }
            }
            fn blocking(&self, index: usize) -> bool {
                match index {
                    $($($index => field!(blocking $field: $ty $(uses $dep: $dty)?),)+)+
                    _ => false,
                }
            }
        }
    };
}

// eight components on one level: their futures join
orchestrator!(
    Wide,
    deps [],
    levels [0 => [c0 0: Unit, c1 1: Unit, c2 2: Unit, c3 3: Unit, c4 4: Unit, c5 5: Unit, c6 6: Unit, c7 7: Unit]]
);
// eight components, each `after` the previous one: eight levels of one
orchestrator!(
    Chain,
    deps [&[], &[0], &[1], &[2], &[3], &[4], &[5], &[6]],
    levels [
        0 => [c0 0: Unit], 1 => [c1 1: Unit], 2 => [c2 2: Unit], 3 => [c3 3: Unit],
        4 => [c4 4: Unit], 5 => [c5 5: Unit], 6 => [c6 6: Unit], 7 => [c7 7: Unit]
    ]
);
// a database and seven clients that each start against it (`#[component(uses(db))]`): the
// database on level 0, the seven clients joined on level 1
orchestrator!(
    Uses8,
    deps [&[], &[0], &[0], &[0], &[0], &[0], &[0], &[0]],
    levels [
        0 => [db 0: Unit],
        1 => [
            c1 1: Client uses db: Unit, c2 2: Client uses db: Unit, c3 3: Client uses db: Unit,
            c4 4: Client uses db: Unit, c5 5: Client uses db: Unit, c6 6: Client uses db: Unit,
            c7 7: Client uses db: Unit
        ]
    ]
);

/// `initialize` + `cleanup` of `o`, first run and three restarts, each with its exact count.
fn lifecycle_allocates<T: AsyncOrchestrator>(o: &mut T, initialize: usize, cleanup: usize) {
    for round in 0..4 {
        let (n, result) = allocations(|| block_on(o.initialize()));
        result.unwrap();
        assert_eq!(n, initialize, "{}: initialize() allocations (round {round}, 0 is the first run)", T::NAME);
        assert_eq!(o.state(), State::Ready);
        let (n, result) = allocations(|| block_on(o.cleanup()));
        result.unwrap();
        assert_eq!(n, cleanup, "{}: cleanup() allocations (round {round})", T::NAME);
        assert_eq!(o.state(), State::Stopped);
    }
}

#[test]
fn async_lifecycle_allocations_on_success() {
    // the counter counts: a Vec with capacity allocates once
    let (n, v) = allocations(|| Vec::<u8>::with_capacity(16));
    assert_eq!(n, 1, "the counting allocator does not count");
    drop(v);

    // one level of 8: the 8 boxed step futures, in initialize and in cleanup
    let mut wide = Wide::default();
    lifecycle_allocates(&mut wide, 8, 8);
    assert_eq!((wide.c0.inits, wide.c7.cleanups), (4, 4));

    // a chain of 8 (8 levels): the same 8, nothing per level
    let mut chain = Chain::default();
    lifecycle_allocates(&mut chain, 8, 8);
    assert_eq!((chain.c0.inits, chain.c7.cleanups), (4, 4));

    // a database and seven clients that use it (two levels, each client's future holding its
    // reference to the database): the same 8
    let mut uses = Uses8::default();
    lifecycle_allocates(&mut uses, 8, 8);
    assert_eq!((uses.db.inits, uses.c1.inits, uses.c7.cleanups, uses.db.cleanups), (4, 4, 4, 4));
    assert_eq!(uses.c7.generation, 4, "the clients started against the database");

    // the idempotent calls return before any of it
    let (n, result) = allocations(|| block_on(wide.cleanup()));
    result.unwrap();
    assert_eq!(n, 0, "cleanup() of a stopped orchestrator allocated");
    block_on(wide.initialize()).unwrap();
    let (n, result) = allocations(|| block_on(wide.initialize()));
    result.unwrap();
    assert_eq!(n, 0, "initialize() of a ready orchestrator allocated");
    block_on(wide.cleanup()).unwrap();

    // then with a tracing subscriber that records everything: in this same test, so the
    // callsites above were registered lazily by this thread's first calls, with no subscriber
    #[cfg(feature = "tracing")]
    with_a_subscriber();
}

/// With a subscriber that enables everything (and does nothing), the engine's span and events
/// are really built and dispatched: they add no allocation.
#[cfg(feature = "tracing")]
fn with_a_subscriber() {
    use alloc_support::{Everything, events};

    let mut wide = Wide::default();
    let mut chain = Chain::default();
    let mut uses = Uses8::default();
    tracing::subscriber::with_default(Everything, || {
        lifecycle_allocates(&mut wide, 8, 8);
        lifecycle_allocates(&mut chain, 8, 8);
        lifecycle_allocates(&mut uses, 8, 8);
    });
    // one event per component step and one per lifecycle call's end, in 4 rounds of 3 orchestrators
    assert_eq!(events(), 3 * 4 * (8 + 1 + 8 + 1), "the subscriber saw the steps");
}
