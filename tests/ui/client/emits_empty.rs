//! `emits()` with no event type.
use orchestrator::prelude::*;
use orchestrator::{Emits, Events};

struct Delivered(String);

#[derive(Default)]
struct Stock {
    items: Vec<String>,
}
impl Component for Stock {}
impl Stock {
    fn add(&mut self, item: String) {
        self.items.push(item);
    }
}

#[derive(Default)]
struct Courier {
    deliveries: Events<Delivered>,
}
impl Component for Courier {}

impl Emits<Delivered> for Courier {
    fn events(&self) -> &Events<Delivered> {
        &self.deliveries
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Shop {
    #[component]
    stock: Stock,
    #[component(emits())]
    courier: Courier,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Shop {
    #[orchestrate(on_event)]
    fn on_delivery(&mut self, delivered: Delivered) {
        self.stock.add(delivered.0);
    }
}


fn main() {}
