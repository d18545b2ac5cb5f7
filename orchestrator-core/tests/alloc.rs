//! `initialize` + `cleanup` allocate nothing on their success path (SPEC, "Quality the users can
//! measure"), neither for components that take nothing nor for components that receive their
//! dependencies (`#[component(uses(...))]`): a counting global allocator counts the allocations
//! this thread makes between two points. The count is per thread, and this file holds a single
//! test so that the first calls (which register tracing callsites) are this thread's.
//!
//! Not with the `metrics` feature: recording a step's metrics builds the facade's keys, which
//! allocate (`.ci/run` runs this file with every other feature).
#![cfg(not(feature = "metrics"))]

mod alloc_support;

use alloc_support::{Counting, allocations};
use orchestrator_core::__private_0_1_0::{
    ComponentField, DerivedOrchestrator, Step, StepResult, SyncComponents, UsesField,
};
use orchestrator_core::{Component, ComponentError, Health, Lifecycle, Orchestrator, State, Uses};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A component with real (if tiny) work, so nothing is optimized away.
#[derive(Default)]
struct Unit {
    inits: u32,
    cleanups: u32,
}

impl Component for Unit {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.inits += 1;
        Ok(())
    }

    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.cleanups += 1;
        Ok(())
    }
}

/// Eight components, `DerivedOrchestrator` written as the derive writes it: a `match` per index.
#[derive(Default)]
struct Eight {
    c0: Unit,
    c1: Unit,
    c2: Unit,
    c3: Unit,
    c4: Unit,
    c5: Unit,
    c6: Unit,
    c7: Unit,
    lifecycle: Lifecycle,
}

impl DerivedOrchestrator for Eight {
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

impl SyncComponents for Eight {
    fn component(&self, index: usize) -> Option<&dyn Component> {
        match index {
            0 => Some(&self.c0),
            1 => Some(&self.c1),
            2 => Some(&self.c2),
            3 => Some(&self.c3),
            4 => Some(&self.c4),
            5 => Some(&self.c5),
            6 => Some(&self.c6),
            7 => Some(&self.c7),
            _ => None,
        }
    }

    fn step(&mut self, index: usize, step: Step) -> Result<(), ComponentError> {
        let component: Option<&mut dyn Component> = {
            match index {
                0 => Some(&mut self.c0),
                1 => Some(&mut self.c1),
                2 => Some(&mut self.c2),
                3 => Some(&mut self.c3),
                4 => Some(&mut self.c4),
                5 => Some(&mut self.c5),
                6 => Some(&mut self.c6),
                7 => Some(&mut self.c7),
                _ => None,
            }
        };
        match (component, step) {
            (Some(c), Step::Init) => c.init(),
            (Some(c), Step::Cleanup) => c.cleanup(),
            (None, _) => Ok(()),
        }
    }

    fn register(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }
}

/// A component that receives a dependency, as a client starts against its database: `init`
/// records the database's generation, `cleanup` checks that the database is still open.
#[derive(Default)]
struct Client {
    inits: u32,
    cleanups: u32,
    generation: u32,
}

impl<'a> Uses<&'a Unit> for Client {
    fn init(&mut self, db: &'a Unit) -> Result<(), ComponentError> {
        self.inits += 1;
        self.generation = db.inits;
        Ok(())
    }

    fn cleanup(&mut self, db: &'a Unit) -> Result<(), ComponentError> {
        if db.cleanups >= db.inits {
            return Err("the database closed first".into());
        }
        self.cleanups += 1;
        Ok(())
    }
}

/// A database and seven clients that each start against it (`#[component(uses(db))]` on each
/// client), `SyncComponents` written as the derive writes it: `UsesField::step` with a reference
/// to the database's field.
#[derive(Default)]
struct Uses8 {
    db: Unit,
    c1: Client,
    c2: Client,
    c3: Client,
    c4: Client,
    c5: Client,
    c6: Client,
    c7: Client,
    lifecycle: Lifecycle,
}

impl DerivedOrchestrator for Uses8 {
    const NAME: &'static str = "Uses8";
    const COMPONENTS: &'static [&'static str] = &["db", "c1", "c2", "c3", "c4", "c5", "c6", "c7"];
    const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[0], &[0], &[0], &[0], &[0], &[0], &[0]];
    const TYPES: &'static [&'static str] =
        &["Unit", "Client", "Client", "Client", "Client", "Client", "Client", "Client"];
    fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }
    fn lifecycle_mut(&mut self) -> &mut Lifecycle {
        &mut self.lifecycle
    }
}

impl SyncComponents for Uses8 {
    fn health(&self, index: usize) -> Option<Health> {
        match index {
            0 => <Unit as ComponentField>::health(&self.db),
            1 => <Client as UsesField<&Unit>>::health(&self.c1),
            2 => <Client as UsesField<&Unit>>::health(&self.c2),
            3 => <Client as UsesField<&Unit>>::health(&self.c3),
            4 => <Client as UsesField<&Unit>>::health(&self.c4),
            5 => <Client as UsesField<&Unit>>::health(&self.c5),
            6 => <Client as UsesField<&Unit>>::health(&self.c6),
            7 => <Client as UsesField<&Unit>>::health(&self.c7),
            _ => None,
        }
    }

    fn step(&mut self, i: usize, step: Step) -> StepResult {
        match i {
            0 => <Unit as ComponentField>::step(&mut self.db, step),
            1 => <Client as UsesField<&Unit>>::step(&mut self.c1, &self.db, step),
            2 => <Client as UsesField<&Unit>>::step(&mut self.c2, &self.db, step),
            3 => <Client as UsesField<&Unit>>::step(&mut self.c3, &self.db, step),
            4 => <Client as UsesField<&Unit>>::step(&mut self.c4, &self.db, step),
            5 => <Client as UsesField<&Unit>>::step(&mut self.c5, &self.db, step),
            6 => <Client as UsesField<&Unit>>::step(&mut self.c6, &self.db, step),
            7 => <Client as UsesField<&Unit>>::step(&mut self.c7, &self.db, step),
            _ => Ok(()),
        }
    }
}

/// `initialize` + `cleanup` of a fresh `T`: the first run, three restarts after `cleanup`, then
/// a fresh one's idempotent calls, each allocating nothing.
fn lifecycle_allocates_nothing<T: Orchestrator + Default>(o: &mut T) {
    let (n, result) = allocations(|| o.initialize());
    result.unwrap();
    assert_eq!(n, 0, "{}: first initialize() allocated", T::NAME);
    assert_eq!(o.state(), State::Ready);

    let (n, result) = allocations(|| o.cleanup());
    result.unwrap();
    assert_eq!(n, 0, "{}: first cleanup() allocated", T::NAME);
    assert_eq!(o.state(), State::Stopped);

    // and again after cleanup, and on a fresh orchestrator
    for round in 0..3 {
        let (n, result) = allocations(|| o.initialize());
        result.unwrap();
        assert_eq!(n, 0, "{}: initialize() after cleanup allocated (round {round})", T::NAME);
        let (n, result) = allocations(|| o.cleanup());
        result.unwrap();
        assert_eq!(n, 0, "{}: cleanup() allocated (round {round})", T::NAME);
    }
    let mut fresh = T::default();
    let (n, result) = allocations(|| (fresh.initialize(), fresh.initialize(), fresh.cleanup(), fresh.cleanup()));
    assert!(result.0.is_ok() && result.1.is_ok() && result.2.is_ok() && result.3.is_ok());
    assert_eq!(n, 0, "{}: idempotent calls allocated", T::NAME);
}

#[test]
fn initialize_and_cleanup_allocate_nothing_on_success() {
    // the counter counts: a Vec with capacity allocates once
    let (n, v) = allocations(|| Vec::<u8>::with_capacity(16));
    assert_eq!(n, 1, "the counting allocator does not count");
    drop(v);

    // the very first calls too: no lazy registration (tracing callsites) may allocate
    let mut eight = Eight::default();
    lifecycle_allocates_nothing(&mut eight);
    assert_eq!(eight.c0.inits, 4);
    assert_eq!(eight.c7.cleanups, 4);

    // components that receive their dependency: the references are passed straight from the
    // fields (the tracing callsites are those of the same runtime functions, registered above)
    let mut uses = Uses8::default();
    lifecycle_allocates_nothing(&mut uses);
    assert_eq!((uses.db.inits, uses.c1.inits, uses.c7.cleanups, uses.db.cleanups), (4, 4, 4, 4));
    assert_eq!(uses.c7.generation, 4, "the clients started against the database");

    // a reference point: status() may allocate, and does (the component list)
    let (n, status) = allocations(|| eight.status());
    assert_eq!(status.components.len(), 8);
    assert!(n > 0);

    // then with tracing enabled: in this same test, so the callsites above were registered
    // lazily by this thread's first calls, with no subscriber
    #[cfg(feature = "tracing")]
    with_a_subscriber();
}

/// With a subscriber that enables everything (and does nothing), the runtime's spans and events
/// are really built and dispatched: they must not allocate either.
#[cfg(feature = "tracing")]
fn with_a_subscriber() {
    use alloc_support::{Everything, events};

    fn rounds<T: Orchestrator + Default>() {
        let mut o = T::default();
        for round in 0..3 {
            let (n, result) = allocations(|| o.initialize());
            result.unwrap();
            assert_eq!(n, 0, "{}: initialize() allocated with a subscriber (round {round})", T::NAME);
            let (n, result) = allocations(|| o.cleanup());
            result.unwrap();
            assert_eq!(n, 0, "{}: cleanup() allocated with a subscriber (round {round})", T::NAME);
        }
    }

    tracing::subscriber::with_default(Everything, || {
        rounds::<Eight>();
        rounds::<Uses8>();
    });
    // one event per component step and one per lifecycle call's end, in 3 rounds of 2 orchestrators
    assert_eq!(events(), 2 * 3 * (8 + 1 + 8 + 1), "the subscriber saw the steps");
}
