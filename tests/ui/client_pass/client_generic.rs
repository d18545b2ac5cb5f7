//! A generic orchestrator (its store is a type parameter) with a client of sync and `async fn`
//! methods, an event handler and a component that `emits` to it.
use orchestrator::prelude::*;
use orchestrator::{CallError, Client, Emits, Events};

pub struct Delivered(pub String);

pub trait Store: Component + Send + Sync + 'static {
    fn add(&mut self, item: String);
    fn count(&self) -> usize;
}

#[derive(Default)]
pub struct Memory {
    items: Vec<String>,
}
impl Component for Memory {}
impl Store for Memory {
    fn add(&mut self, item: String) {
        self.items.push(item);
    }
    fn count(&self) -> usize {
        self.items.len()
    }
}

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
impl Courier {
    async fn wait(&self) {}
}

#[derive(Orchestrator)]
#[orchestrator(async)]
pub struct Shop<S: Store> {
    #[component]
    store: S,
    #[component(emits(Delivered))]
    courier: Courier,
    lifecycle: Lifecycle,
}

#[orchestrate(client)]
impl<S> Shop<S>
where
    S: Store,
{
    pub fn add(&mut self, item: String) {
        self.store.add(item);
    }

    pub fn count(&self) -> usize {
        self.store.count()
    }

    pub async fn add_later(&mut self, item: String) {
        self.courier.wait().await;
        self.store.add(item);
    }

    pub async fn count_later(&self) -> usize {
        self.courier.wait().await;
        self.store.count()
    }

    #[orchestrate(on_event)]
    fn on_delivery(&mut self, delivered: Delivered) {
        self.store.add(delivered.0);
    }
}

async fn call(client: Client<Shop<Memory>>) -> Result<usize, CallError> {
    client.add("apple".to_owned()).await?;
    client.add_later("pear".to_owned()).await?;
    let _ = client.count_later().await?;
    client.count().await
}

fn is_send<T: Send>(value: T) -> T {
    value
}

fn main() {
    let (client, _inbox) = Client::<Shop<Memory>>::channel(4);
    drop(is_send(call(client)));
}
