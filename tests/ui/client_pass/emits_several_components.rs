//! `emits` on several components: two raise the same event type (both connect to its one
//! handler), one raises a generic event type, one reports its faults (supervision handles
//! them), combined with `after` and `name`.
use orchestrator::prelude::*;
use orchestrator::{Emits, Events, Fault};

pub struct Progress<T>(pub T);
pub struct Finished;

#[derive(Default)]
pub struct Ledger {
    entries: Vec<u32>,
}
impl Component for Ledger {}

#[derive(Default)]
pub struct Fetcher {
    finished: Events<Finished>,
    progress: Events<Progress<u32>>,
    faults: Events<Fault>,
}
impl Component for Fetcher {}
impl Emits<Finished> for Fetcher {
    fn events(&self) -> &Events<Finished> {
        &self.finished
    }
}
impl Emits<Progress<u32>> for Fetcher {
    fn events(&self) -> &Events<Progress<u32>> {
        &self.progress
    }
}
impl Emits<Fault> for Fetcher {
    fn events(&self) -> &Events<Fault> {
        &self.faults
    }
}

#[derive(Default)]
pub struct Parser {
    finished: Events<Finished>,
}
impl Component for Parser {}
impl Emits<Finished> for Parser {
    fn events(&self) -> &Events<Finished> {
        &self.finished
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
pub struct Pipeline {
    #[component]
    ledger: Ledger,
    #[component(name = "fetch", after(ledger), emits(Finished, Progress<u32>, Fault))]
    fetcher: Box<Fetcher>,
    #[component(emits(Finished), after(fetcher))]
    parser: Parser,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Pipeline {
    #[orchestrate(on_event)]
    fn on_finished(&mut self, _: Finished) {
        self.ledger.entries.push(0);
    }

    #[orchestrate(on_event)]
    async fn on_progress(&mut self, progress: Progress<u32>) {
        self.ledger.entries.push(progress.0);
    }
}

fn main() {
    let pipeline = Pipeline::from_parts(Ledger::default(), Box::default(), Parser::default());
    assert_eq!(<Pipeline as AsyncOrchestrator>::COMPONENTS, ["ledger", "fetch", "parser"]);
    drop(pipeline);
}
