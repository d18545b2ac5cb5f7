//! An event handler's error must be `Display` to be traced.
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
struct Refused;

#[orchestrate]
impl Shop {
    #[orchestrate(on_event)]
    fn on_delivery(&mut self, delivered: Delivered) -> Result<(), Refused> {
        self.stock.add(delivered.0);
        Ok(())
    }
}

fn main() {}
