//! Two `#[orchestrate]` blocks on a generic orchestrator: each block's `too_long` check has a
//! name of its own.
use orchestrator::prelude::*;

#[derive(Default)]
pub struct Store;
impl Component for Store {}

#[derive(Orchestrator)]
pub struct Shop<S: Component> {
    #[component]
    store: S,
    #[component]
    cache: Store,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl<S: Component> Shop<S> {
    pub fn first(&mut self) -> Result<(), NotReady> {
        Ok(())
    }
}

#[orchestrate]
impl<S: Component> Shop<S> {
    pub fn second(&mut self) -> Result<(), NotReady> {
        Ok(())
    }
}

fn main() {
    let mut shop = Shop::from_parts(Store, Store);
    shop.initialize().unwrap();
    shop.first().unwrap();
    shop.second().unwrap();
}
