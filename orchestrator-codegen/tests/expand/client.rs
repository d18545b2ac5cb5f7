//! A client (`#[orchestrate(client)]`): one trait method per coordination method, each one call
//! into the runtime, chosen by the method's kind: sync `&mut self` (`__immediate`), sync `&self`
//! (`__immediate_shared`), `async fn` with `&mut self` (`__exclusive`) and with `&self`
//! (`__shared`). A method marked `#[orchestrate(local)]` stays out of the client.

use orchestrator::prelude::*;

#[derive(Orchestrator)]
#[orchestrator(async)]
pub struct Shop {
    #[component]
    stock: Stock,
    #[component(after(stock))]
    orders: Orders,
    lifecycle: Lifecycle,
}

#[orchestrate(client)]
impl Shop {
    /// Takes an order for an item in stock.
    pub fn order(&mut self, item: String) -> Result<u64, ShopError> {
        self.stock.take(&item)?;
        Ok(self.orders.open(item))
    }

    /// The open orders.
    pub fn open(&self) -> usize {
        self.orders.count()
    }

    /// Restocks an item.
    pub async fn restock(&mut self, item: String, count: u32) {
        self.stock.fill(item, count).await;
    }

    /// An item's price.
    pub async fn price(&self, item: String) -> u64 {
        self.stock.price(&item).await
    }

    /// Writes a report into `out`: it borrows, so it is not in the client.
    #[orchestrate(local)]
    pub fn report(&self, out: &mut String) {
        self.orders.report(out);
    }
}
