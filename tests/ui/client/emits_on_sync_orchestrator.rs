//! `emits` on a sync orchestrator: only an async orchestrator runs to receive events.
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
struct Shop {
    #[component]
    stock: Stock,
    #[component(emits(Delivered))]
    courier: Courier,
    lifecycle: Lifecycle,
}

fn main() {}
