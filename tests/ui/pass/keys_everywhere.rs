//! Component keys on every shape of orchestrator, under a strict lint wall (documented, no
//! warning): generic ones (lifetimes, const parameters, where clauses), a renamed enum, async
//! ones, `pub(crate)` ones, with `uses(lifecycle)` and a component in both `after` and `uses`.
#![deny(warnings, missing_docs, unused_qualifications)]

use orchestrator::async_prelude::*;
use orchestrator::ComponentOf;

/// A database.
#[derive(Default)]
pub struct Db;
impl Component for Db {}

/// A borrowing component.
pub struct Borrowing<'a>(pub &'a str);
impl Component for Borrowing<'_> {}

/// A component that starts with the database and the live status.
#[derive(Default)]
pub struct Health {
    status: Option<StatusHandle>,
}
impl<'a> Uses<(&'a Db, StatusHandle)> for Health {
    fn init(&mut self, (_, status): (&'a Db, StatusHandle)) -> Result<(), ComponentError> {
        self.status = Some(status);
        Ok(())
    }
}

/// A generic orchestrator with a renamed key enum.
#[derive(Orchestrator)]
#[orchestrator(keys = PipelinePart)]
pub struct Pipeline<'a, S: Component, const N: usize>
where
    S: Default,
{
    #[component]
    source: S,
    #[component(after(source))]
    log: Borrowing<'a>,
    #[component(name = "db-2", after(source))]
    db_2: Db,
    #[component(after(db_2), uses(db_2, lifecycle))]
    health: Health,
    lifecycle: Lifecycle,
}

/// An async orchestrator, visible in the crate only.
#[derive(Orchestrator)]
#[orchestrator(async)]
pub(crate) struct Service {
    #[component]
    db: Db,
    #[component(uses(lifecycle, db))]
    health: AsyncHealth,
    lifecycle: Lifecycle,
}

/// The async form of `Health`.
#[derive(Default)]
pub struct AsyncHealth;
impl<'a> AsyncUses<(StatusHandle, &'a Db)> for AsyncHealth {}

fn names<O: Orchestrator>(key: impl ComponentOf<O> + Copy) -> String {
    key.component_name().to_owned()
}

fn main() {
    let mut pipeline: Pipeline<'_, Db, 4> =
        Pipeline::from_parts(Db, Borrowing("log"), Db, Health::default());
    pipeline.initialize().unwrap();
    pipeline.restart(PipelinePart::Db2).unwrap();
    pipeline.restart_with(PipelinePart::Source, RestartPolicy::All).unwrap();
    assert_eq!(names::<Pipeline<'_, Db, 4>>(PipelinePart::Db2), "db-2");
    assert_eq!(PipelinePart::NAMES, Pipeline::<'_, Db, 4>::COMPONENTS);
    assert!(pipeline.health.status.as_ref().is_some_and(StatusHandle::is_ready));

    let service = Service::from_parts(Db, AsyncHealth);
    assert_eq!(ServiceComponent::ALL, [ServiceComponent::Db, ServiceComponent::Health]);
    assert_eq!(service.state(), State::Created);
}
