//! `uses(...)` in the shapes that must compile: generic components, a lifetime, async and sync
//! components mixed, several dependencies, and `after` next to `uses`.
use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncUses, Uses};

pub trait Store: Component {
    fn url(&self) -> &str;
}

#[derive(Default)]
pub struct Sqlite;
impl Component for Sqlite {}
impl Store for Sqlite {
    fn url(&self) -> &str {
        "sqlite::memory:"
    }
}

#[derive(Default)]
pub struct Worker {
    url: String,
}
impl<'a, S: Store> Uses<&'a S> for Worker {
    fn init(&mut self, store: &'a S) -> Result<(), ComponentError> {
        self.url = store.url().to_owned();
        Ok(())
    }
}

#[derive(Default)]
pub struct Metrics;
impl Component for Metrics {}

#[derive(Orchestrator)]
pub struct Jobs<'n, S: Store = Sqlite> {
    #[component]
    store: S,
    #[component(uses(store), after(metrics))]
    worker: Worker,
    #[component]
    metrics: Metrics,
    #[orchestrator(config)]
    name: &'n str,
    lifecycle: Lifecycle,
}

#[derive(Default)]
pub struct Pool;
impl AsyncComponent for Pool {}

#[derive(Default)]
pub struct Feeder;
impl<'a> AsyncUses<(&'a Pool, &'a Metrics)> for Feeder {
    async fn init(&mut self, (_pool, _metrics): (&'a Pool, &'a Metrics)) -> Result<(), ComponentError> {
        Ok(())
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
pub struct Pipeline {
    #[component]
    pool: Pool,
    #[component]
    metrics: Metrics,
    #[component(uses(pool, metrics))]
    feeder: Feeder,
    lifecycle: Lifecycle,
}

fn main() {
    let mut jobs: Jobs<'_> = Jobs::from_parts(Sqlite, Worker::default(), Metrics, "jobs");
    jobs.initialize().unwrap();
    assert_eq!(jobs.worker.url, "sqlite::memory:");
    let _ = Pipeline::from_parts(Pool, Metrics, Feeder);
}
