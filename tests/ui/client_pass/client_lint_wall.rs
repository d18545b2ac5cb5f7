//! A client and event handlers are warning-free under the strictest lints, with client methods
//! never called, parameter patterns, a parameter named `this`, a raw method name, a method named
//! like a private method of `Client` (`send`), `#[cfg(..)]` and `#[orchestrate(local)]` methods.
#![deny(warnings, unused_qualifications, clippy::pedantic)]

use orchestrator::prelude::*;
use orchestrator::{Emits, Events};

/// A delivery.
pub struct Delivered(pub String);

/// Stock.
#[derive(Default)]
pub struct Stock {
    items: Vec<String>,
}
impl Component for Stock {}

/// A courier.
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

/// The shop.
#[derive(Orchestrator)]
#[orchestrator(async)]
pub struct Shop {
    #[component]
    stock: Stock,
    #[component(emits(Delivered))]
    courier: Courier,
    lifecycle: Lifecycle,
}

#[orchestrate(client)]
impl Shop {
    /// Adds a pair.
    pub fn add_pair(&mut self, (first, second): (String, String), this: u32) {
        let _ = this;
        self.stock.items.push(first);
        self.stock.items.push(second);
    }

    /// A raw name.
    pub fn r#type(&self) -> usize {
        self.stock.items.len()
    }

    /// Named like `Client`'s private `send`.
    pub async fn send(&mut self, item: String) {
        self.stock.items.push(item);
    }

    /// Only in tests.
    #[cfg(test)]
    pub fn clear(&mut self) {
        self.stock.items.clear();
    }

    /// Borrows: kept out of the client.
    #[orchestrate(local)]
    #[must_use]
    pub fn first(&self) -> Option<&str> {
        self.stock.items.first().map(String::as_str)
    }

    #[orchestrate(on_event)]
    fn on_delivery(&mut self, Delivered(item): Delivered) {
        self.stock.items.push(item);
    }
}

fn main() {
    let (client, _inbox) = orchestrator::Client::<Shop>::channel(4);
    drop(client.send("apple".to_owned()));
    drop(client.r#type());
    let _ = Shop::first;
}
