//! A client, an event handler and `emits` with the facade under another name (`crate = path`).
extern crate orchestrator as orch;

use orch::{AsyncOrchestrator, Component, Emits, Events, Lifecycle};

pub struct Delivered(pub String);

#[derive(Default)]
pub struct Stock {
    items: Vec<String>,
}
impl Component for Stock {}

#[derive(Default)]
pub struct Courier {
    deliveries: Events<Delivered>,
}
impl Component for Courier {}
impl Emits<Delivered> for Courier {
    fn events(&self) -> &Events<Delivered> {
        &self.deliveries
    }
}

#[derive(orch::Orchestrator)]
#[orchestrator(async, crate = orch)]
pub struct Shop {
    #[component]
    stock: Stock,
    #[component(emits(Delivered))]
    courier: Courier,
    lifecycle: Lifecycle,
}

#[orch::orchestrate(crate = orch, client)]
impl Shop {
    pub fn add(&mut self, item: String) {
        self.stock.items.push(item);
    }

    #[orchestrate(on_event)]
    fn on_delivery(&mut self, delivered: Delivered) {
        self.stock.items.push(delivered.0);
    }
}

fn main() {
    let (client, _inbox) = orch::Client::<Shop>::channel(4);
    drop(ShopCalls::add(&client, "apple".to_owned()));
    assert_eq!(<Shop as AsyncOrchestrator>::NAME, "Shop");
}
