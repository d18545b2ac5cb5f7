//! Event handlers of each receiver kind, sync and `async fn`, returning nothing or a `Result`,
//! private and public (a public handler is also a guarded coordination method, not in the
//! client).
use std::sync::Mutex;

use orchestrator::prelude::*;
use orchestrator::{Emits, Events};

pub struct Added(pub String);
pub struct Removed(pub String);
pub struct Counted;
pub struct Audited;

#[derive(Debug)]
pub struct Refused;
impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("refused")
    }
}
impl From<NotReady> for Refused {
    fn from(_: NotReady) -> Self {
        Refused
    }
}

#[derive(Default)]
pub struct Stock {
    items: Mutex<Vec<String>>,
}
impl Component for Stock {}
impl Stock {
    fn add(&self, item: String) {
        self.items.lock().unwrap().push(item);
    }
    async fn remove(&mut self, item: String) -> Result<(), Refused> {
        self.items.get_mut().unwrap().retain(|i| *i != item);
        Ok(())
    }
    async fn audit(&self) {}
}

#[derive(Default)]
pub struct Feed {
    added: Events<Added>,
    removed: Events<Removed>,
    counted: Events<Counted>,
    audited: Events<Audited>,
}
impl Component for Feed {}
impl Emits<Added> for Feed {
    fn events(&self) -> &Events<Added> {
        &self.added
    }
}
impl Emits<Removed> for Feed {
    fn events(&self) -> &Events<Removed> {
        &self.removed
    }
}
impl Emits<Counted> for Feed {
    fn events(&self) -> &Events<Counted> {
        &self.counted
    }
}
impl Emits<Audited> for Feed {
    fn events(&self) -> &Events<Audited> {
        &self.audited
    }
}

#[derive(Orchestrator)]
#[orchestrator(async)]
pub struct Shop {
    #[component]
    stock: Stock,
    #[component(emits(Added, Removed, Counted, Audited))]
    feed: Feed,
    lifecycle: Lifecycle,
}

#[orchestrate(client)]
impl Shop {
    /// Sync, `&self`, returns nothing.
    #[orchestrate(on_event)]
    fn on_added(&self, added: Added) {
        self.stock.add(added.0);
    }

    /// `async fn`, `&mut self`, returns a `Result`.
    #[orchestrate(on_event)]
    async fn on_removed(&mut self, removed: Removed) -> Result<(), Refused> {
        self.stock.remove(removed.0).await
    }

    /// Sync, `&mut self`, returns a `Result`; public, so also a guarded coordination method.
    #[orchestrate(on_event)]
    pub fn on_counted(&mut self, _: Counted) -> Result<(), Refused> {
        self.stock.add(String::new());
        Ok(())
    }

    /// `async fn`, `&self`.
    #[orchestrate(on_event)]
    async fn on_audited(&self, Audited: Audited) {
        self.stock.audit().await;
    }
}

fn main() {
    let mut shop = Shop::from_parts(Stock::default(), Feed::default());
    // the public handler is guarded: refused before `initialize()`
    assert!(shop.on_counted(Counted).is_err());
}
