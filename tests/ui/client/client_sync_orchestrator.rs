//! A client for a sync orchestrator: only an async orchestrator runs and serves calls.
use orchestrator::prelude::*;

#[derive(Default)]
struct Stock {
    items: Vec<String>,
}
impl Component for Stock {}

#[derive(Default)]
struct Orders;
impl Component for Orders {}

#[derive(Orchestrator)]
struct Shop {
    #[component]
    stock: Stock,
    #[component]
    orders: Orders,
    lifecycle: Lifecycle,
}

#[orchestrate(client)]
impl Shop {
    pub fn add(&mut self, item: String) {
        self.stock.items.push(item);
    }
}

fn main() {}
