//! `emits(E)` on a component that does not implement `Emits<E>`.
use orchestrator::prelude::*;
use orchestrator::Events;

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

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Shop {
    #[component]
    stock: Stock,
    #[component(emits(Delivered))]
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
