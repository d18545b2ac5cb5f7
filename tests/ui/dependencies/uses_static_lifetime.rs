//! A component that wants to keep the reference it starts with: `Uses<&'static Database>`.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Default)]
struct Worker {
    db: Option<&'static Database>,
}
impl Uses<&'static Database> for Worker {
    fn init(&mut self, db: &'static Database) -> Result<(), ComponentError> {
        self.db = Some(db);
        Ok(())
    }
}

#[derive(Orchestrator)]
struct Jobs {
    #[component]
    database: Database,
    #[component(uses(database))]
    worker: Worker,
    lifecycle: Lifecycle,
}

fn main() {
    let mut jobs = Jobs::from_parts(Database, Worker::default());
    jobs.initialize().unwrap();
    let _ = jobs.worker.db;
}
