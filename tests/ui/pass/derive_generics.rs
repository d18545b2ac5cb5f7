//! Generics with bounds, lifetimes, const parameters and where clauses.
use std::fmt::Debug;

use orchestrator::prelude::*;

#[derive(Debug, Default)]
struct Real;
impl Component for Real {}

struct Borrowing<'a> {
    log: &'a mut Vec<String>,
}
impl Component for Borrowing<'_> {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.log.push("init".into());
        Ok(())
    }
}

#[derive(Debug)]
struct Settings<const N: usize>;

#[derive(Orchestrator)]
#[orchestrator(register = Self::wire, cleanup_on_drop)]
struct Pipeline<'a, S: Component + Debug, T, const N: usize>
where
    T: Component,
    Settings<N>: Debug,
{
    #[orchestrator(config)]
    settings: Settings<N>,
    #[component]
    source: S,
    #[component(after(source))]
    sink: T,
    #[component]
    log: Borrowing<'a>,
    lifecycle: Lifecycle,
}

impl<S: Component + Debug, T: Component, const N: usize> Pipeline<'_, S, T, N> {
    #[allow(clippy::unnecessary_wraps)]
    fn wire(&mut self) -> Result<(), String> {
        self.log.log.push(format!("wire {:?}", self.source));
        Ok(())
    }
}

fn main() {
    let mut log = Vec::new();
    let mut pipeline = Pipeline::from_parts(Settings::<3>, Real, Real, Borrowing { log: &mut log });
    pipeline.initialize().unwrap();
    assert_eq!(pipeline.status().config.as_deref(), Some("Settings"));
    pipeline.cleanup().unwrap();
    drop(pipeline);
    assert_eq!(log, ["init", "wire Real"]);
    assert_eq!(<Pipeline<'_, Real, Real, 3>>::COMPONENTS, &["source", "sink", "log"]);
}
