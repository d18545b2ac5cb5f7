//! `#[expect(...)]` on a coordination method is fulfilled by the method's body, and the
//! generated wrapper adds no warning, under `deny(warnings)`.
#![deny(warnings)]
use orchestrator::prelude::*;

#[derive(Default)]
pub struct Store;
impl Component for Store {}

#[derive(Orchestrator)]
pub struct Shop {
    #[component]
    store: Store,
    #[component]
    cache: Store,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Shop {
    #[expect(unused_variables, reason = "the quantity is not used yet")]
    pub fn sell(&mut self, quantity: u32) -> Result<(), NotReady> {
        let unused = quantity;
        Ok(())
    }
}

fn main() {
    let mut shop = Shop::from_parts(Store, Store);
    shop.initialize().unwrap();
    shop.sell(2).unwrap();
}
