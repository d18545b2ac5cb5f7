//! An `#[orchestrate]` block: a coordination method returning a `Result` (guarded, the refusal
//! converted into its error), one returning nothing (guarded by a panic), and a private helper
//! (left as written).

use orchestrator::prelude::*;

#[derive(Orchestrator)]
pub struct Store {
    #[component]
    stock: Stock,
    #[component(after(stock))]
    orders: Orders,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Store {
    /// Places an order for an item in stock.
    pub fn place(&mut self, item: u32) -> Result<u64, NotReady> {
        self.stock.reserve(item);
        Ok(self.orders.open(item))
    }

    /// Forgets every open order.
    pub fn reset(&mut self) {
        self.orders.clear();
    }

    fn count(&self) -> usize {
        0
    }
}
