//! An `async fn` taking `&self` through the client of an orchestrator that is not `Sync`:
//! shared calls run together, so they share the orchestrator across threads.
use std::cell::Cell;

use orchestrator::prelude::*;

#[derive(Default)]
struct Stock {
    count: Cell<u32>,
}
impl Component for Stock {}
impl Stock {
    async fn count(&self) -> u32 {
        self.count.get()
    }
}

#[derive(Default)]
struct Orders;
impl Component for Orders {}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Shop {
    #[component]
    stock: Stock,
    #[component]
    orders: Orders,
    lifecycle: Lifecycle,
}

#[orchestrate(client)]
impl Shop {
    pub async fn count(&self) -> u32 {
        self.stock.count().await
    }
}

fn main() {}
