//! A client method's parameter borrows: a call travels to the running orchestrator's task.
use orchestrator::prelude::*;

#[derive(Default)]
struct Stock {
    items: Vec<String>,
}
impl Component for Stock {}
impl Stock {
    fn first(&self) -> &str {
        self.items.first().map_or("", String::as_str)
    }
    fn add(&mut self, item: String) {
        self.items.push(item);
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
    pub fn add(&mut self, item: &str) {
        self.stock.add(item.to_owned());
    }
}

fn main() {}
