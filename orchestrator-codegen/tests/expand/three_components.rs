//! Three components with a config field (and its `from_config` constructor), a register hook and
//! `after(...)` ordering.

use orchestrator::prelude::*;

#[derive(Orchestrator)]
#[orchestrator(register = Self::wire, from_config)]
pub struct Shop {
    #[orchestrator(config)]
    config: ShopConfig,
    #[component(after(database))]
    cache: Cache,
    #[component]
    database: Database,
    #[component(after(database, cache))]
    payments: Payments,
    lifecycle: Lifecycle,
}

impl Shop {
    fn wire(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }
}
