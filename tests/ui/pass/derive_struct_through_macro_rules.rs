//! A struct whose body passes through a `macro_rules!`: its size for `too_long` is counted
//! where it is written, not from the macro's definition to its call.
use orchestrator::prelude::*;

#[derive(Default)]
pub struct Store;
impl Component for Store {}

macro_rules! orchestrator {
    ($name:ident $body:tt) => {
        #[derive(Orchestrator)]
        #[orchestrator(max_lines = 30)]
        pub struct $name $body
    };
}

// Many lines between the macro's definition and this call, as in a real crate.
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
orchestrator!(Shop {
    #[component]
    store: Store,
    #[component]
    cache: Store,
    lifecycle: Lifecycle,
});

#[orchestrate]
impl Shop {
    pub fn sell(&mut self) -> Result<(), NotReady> {
        Ok(())
    }
}

fn main() {
    let mut shop = Shop::from_parts(Store, Store);
    shop.initialize().unwrap();
    shop.sell().unwrap();
}
