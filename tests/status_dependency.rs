//! A component that needs its orchestrator's live status (an HTTP `/health` handler) lists the
//! `Lifecycle` field in `uses(...)` and receives a `StatusHandle` in its `init` and `cleanup`,
//! like any other dependency: no wiring after construction.

use std::sync::{Arc, Mutex};

#[path = "../orchestrator-core/tests/async_support/executor.rs"]
mod executor;

use executor::block_on;
use orchestrator::prelude::*;
use orchestrator::{AsyncOrchestrator, AsyncUses, LiveStatus};

/// What each step saw: `(step, orchestrator state, db state)` through the handle it received.
type Seen = Arc<Mutex<Vec<(&'static str, State, State)>>>;

#[derive(Default)]
struct Db {
    open: bool,
}
impl Component for Db {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.open = true;
        Ok(())
    }
}

/// Answers `/health` from the handle it was started with.
#[derive(Default)]
struct Health {
    status: Option<StatusHandle>,
    seen: Seen,
}

impl Health {
    fn record(&self, step: &'static str, status: &StatusHandle) {
        let live = status.snapshot();
        let db = live.component("db").map_or(State::Created, |c| c.state);
        self.seen.lock().unwrap().push((step, live.state, db));
    }
    fn answer(&self) -> Option<LiveStatus> {
        self.status.as_ref().map(StatusHandle::snapshot)
    }
}

impl<'a> Uses<(&'a Db, StatusHandle)> for Health {
    fn init(&mut self, (db, status): (&'a Db, StatusHandle)) -> Result<(), ComponentError> {
        assert!(db.open);
        self.record("init", &status);
        self.status = Some(status);
        Ok(())
    }
    fn cleanup(&mut self, (_, status): (&'a Db, StatusHandle)) -> Result<(), ComponentError> {
        self.record("cleanup", &status);
        Ok(())
    }
}

#[derive(Orchestrator)]
#[orchestrator(allow(too_few_components))]
struct Service {
    #[component]
    db: Db,
    #[component(uses(db, state))]
    health: Health,
    state: Lifecycle,
}

#[test]
fn a_component_receives_its_orchestrators_live_status_in_init_and_cleanup() {
    let mut service = Service::from_parts(Db::default(), Health::default());
    let seen = service.health.seen.clone();
    assert!(service.health.answer().is_none(), "nothing is wired before init");

    service.initialize().unwrap();
    let answer = service.health.answer().expect("init received the handle");
    assert_eq!((answer.name, answer.state, answer.ready), ("Service", State::Ready, true));
    // the handle of the orchestrator itself is the same view
    let own = service.status_handle();
    service.restart(ServiceComponent::Db).unwrap();
    assert_eq!(service.health.answer().unwrap(), own.snapshot());
    assert_eq!(own.snapshot().component(ServiceComponent::Db).unwrap().restarts, 1);

    service.cleanup().unwrap();
    assert_eq!(own.snapshot().state, State::Stopped);
    assert_eq!(service.health.answer().unwrap().state, State::Stopped, "the kept handle follows the orchestrator");
    // during its own init and cleanup the orchestrator is starting or stopping, and the db it
    // uses is ready
    assert_eq!(
        *seen.lock().unwrap(),
        [
            ("init", State::Starting, State::Ready),
            ("cleanup", State::Starting, State::Ready),
            ("init", State::Starting, State::Ready),
            ("cleanup", State::Stopping, State::Ready),
        ]
    );
}

/// Only the live status: `uses(lifecycle)` alone passes the handle by itself, not in a tuple.
#[derive(Default)]
struct Watcher {
    status: Option<StatusHandle>,
}
impl Uses<StatusHandle> for Watcher {
    fn init(&mut self, status: StatusHandle) -> Result<(), ComponentError> {
        self.status = Some(status);
        Ok(())
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Jobs {
    #[component]
    db: Db,
    #[component(uses(lifecycle))]
    watcher: Watcher,
    #[component(uses(lifecycle, db))]
    http: AsyncHealth,
    lifecycle: Lifecycle,
}

/// The async form: `AsyncUses` with the handle after the database, in the order of `uses`.
#[derive(Default)]
struct AsyncHealth {
    status: Option<StatusHandle>,
}
impl<'a> AsyncUses<(StatusHandle, &'a Db)> for AsyncHealth {
    async fn init(&mut self, (status, db): (StatusHandle, &'a Db)) -> Result<(), ComponentError> {
        assert!(db.open);
        self.status = Some(status);
        Ok(())
    }
}

#[test]
fn async_components_receive_it_too_and_it_orders_nothing() {
    // `uses(lifecycle)` adds no dependency: the watcher starts on level 0, with the db
    assert_eq!(Graph::of_async::<Jobs>().levels(), [0, 0, 1]);
    let mut jobs = Jobs::from_parts(Db::default(), Watcher::default(), AsyncHealth::default());
    block_on(jobs.initialize()).unwrap();
    let watcher = jobs.watcher.status.clone().expect("init received the handle");
    let http = jobs.http.status.clone().expect("init received the handle");
    assert!(watcher.is_ready() && http.is_ready());
    assert_eq!(watcher.snapshot(), jobs.status_handle().snapshot());
    block_on(jobs.cleanup()).unwrap();
    assert_eq!((http.snapshot().state, http.is_ready()), (State::Stopped, false));
}
