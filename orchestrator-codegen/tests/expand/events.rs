//! Events: two components raise events (`emits(..)`), the orchestrator handles them
//! (`#[orchestrate(on_event)]`), one sync handler returning a `Result` (its error is traced) and
//! one `async fn`. A `Fault` goes to supervision, which every orchestrator has.

use orchestrator::prelude::*;
use orchestrator::Fault;

#[derive(Orchestrator)]
#[orchestrator(async)]
pub struct Jobs {
    #[component]
    store: Store,
    #[component(after(store), emits(JobDone, Fault))]
    worker: Worker,
    #[component(emits(Tick))]
    clock: Clock,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Jobs {
    /// Submits a job.
    pub async fn submit(&mut self, job: Job) -> Result<u64, JobError> {
        let id = self.store.save(&job).await?;
        self.worker.queue(id, job).await?;
        Ok(id)
    }

    #[orchestrate(on_event)]
    fn on_done(&mut self, done: JobDone) -> Result<(), JobError> {
        self.store.finish(done.id)
    }

    #[orchestrate(on_event)]
    async fn on_tick(&self, tick: Tick) {
        self.worker.expire(tick.at).await;
    }
}
