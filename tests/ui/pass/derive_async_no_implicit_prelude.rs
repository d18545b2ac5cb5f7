//! An async orchestrator in a module without the implicit prelude.
#![no_implicit_prelude]

extern crate orchestrator;
extern crate std;

use orchestrator::prelude::*;
use orchestrator::AsyncComponent;

#[derive(Default)]
pub struct Store;
impl AsyncComponent for Store {}

#[derive(Orchestrator)]
#[orchestrator(async, register = Self::wire)]
pub struct Shop {
    #[component]
    store: Store,
    #[component(after(store))]
    cache: Store,
    lifecycle: Lifecycle,
}

impl Shop {
    async fn wire(&mut self) -> ::std::result::Result<(), ComponentError> {
        ::std::result::Result::Ok(())
    }
}

fn main() {
    let _ = Shop::from_parts(Store, Store);
}

#[orchestrate]
impl Shop {
    /// An async coordination method in the same module.
    pub async fn ping(&self) -> ::std::result::Result<(), NotReady> {
        ::std::result::Result::Ok(())
    }
}
