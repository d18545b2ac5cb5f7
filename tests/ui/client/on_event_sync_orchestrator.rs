//! An event handler on a sync orchestrator: only an async orchestrator runs and receives events.
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

#[orchestrate]
impl Shop {
    #[orchestrate(on_event)]
    fn on_delivery(&mut self, item: String) {
        self.stock.items.push(item);
    }
}

fn main() {}
