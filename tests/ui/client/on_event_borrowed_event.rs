//! An event handler whose event borrows.
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

struct Delivered(String);

#[orchestrate]
impl Shop {
    #[orchestrate(on_event)]
    fn on_delivery(&mut self, delivered: &Delivered) {
        self.stock.add(delivered.0.clone());
    }
}

fn main() {}
