//! `client = pub Name`: the trait's name and visibility, used from another module, documented
//! under `missing_docs`; `client = Name` keeps `pub(crate)`.
#![deny(missing_docs)]
//! (crate docs)

mod shop {
    use orchestrator::prelude::*;

    /// Stock.
    #[derive(Default)]
    pub struct Stock {
        items: Vec<String>,
    }
    impl Component for Stock {}

    /// Orders.
    #[derive(Default)]
    pub struct Orders;
    impl Component for Orders {}

    /// The shop.
    #[derive(Orchestrator)]
    #[orchestrator(async)]
    pub struct Shop {
        #[component]
        stock: Stock,
        #[component]
        orders: Orders,
        lifecycle: Lifecycle,
    }

    #[orchestrate(client = pub ShopApi)]
    impl Shop {
        /// Adds an item.
        pub fn add(&mut self, item: String) {
            self.stock.items.push(item);
        }
    }

    /// The warehouse.
    #[derive(Orchestrator)]
    #[orchestrator(async)]
    pub struct Warehouse {
        #[component]
        stock: Stock,
        #[component]
        orders: Orders,
        lifecycle: Lifecycle,
    }

    #[orchestrate(client = WarehouseClient)]
    impl Warehouse {
        /// Counts the items.
        pub fn count(&self) -> usize {
            self.stock.items.len()
        }
    }

    pub(crate) fn count(client: &orchestrator::Client<Warehouse>) -> impl Future<Output = Result<usize, orchestrator::CallError>> + Send {
        client.count()
    }
}

use shop::ShopApi as _;

fn main() {
    let (client, _inbox) = orchestrator::Client::<shop::Shop>::channel(4);
    drop(client.add("apple".to_owned()));
    let (client, _inbox) = orchestrator::Client::<shop::Warehouse>::channel(4);
    drop(shop::count(&client));
}
