//! An async orchestrator with a config, `from_config`, an async register hook and timeouts
//! (with the `tokio` feature; without it the same struct has no timeouts).
use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncOrchestrator};

#[derive(Debug, Default)]
struct Settings {
    url: String,
}

struct Client {
    url: String,
}
impl AsyncComponent for Client {}
impl FromConfig<Settings> for Client {
    fn from_config(config: &Settings) -> Self {
        Client { url: config.url.clone() }
    }
}

#[derive(Default)]
struct Cache;
impl Component for Cache {}
impl FromConfig<Settings> for Cache {
    fn from_config(_: &Settings) -> Self {
        Cache
    }
}

#[derive(Orchestrator)]
#[orchestrator(async, register = Self::wire, from_config)]
struct Gateway {
    #[orchestrator(config)]
    settings: Settings,
    #[cfg_attr(feature = "tokio", component(timeout_ms = 500))]
    #[cfg_attr(not(feature = "tokio"), component)]
    client: Client,
    #[component(after(client))]
    cache: Cache,
    lifecycle: Lifecycle,
}

impl Gateway {
    async fn wire(&mut self) -> Result<(), ComponentError> {
        std::future::ready(()).await;
        if self.client.url.is_empty() { Err(ComponentError::new("no url")) } else { Ok(()) }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut gateway = Gateway::from_config(Settings { url: "db://".into() });
    gateway.initialize().await.unwrap();
    assert!(gateway.status().to_string().contains("db://"));
    gateway.cleanup().await.unwrap();
    let mut failing = Gateway::from_parts(Settings::default(), Client { url: String::new() }, Cache);
    assert!(failing.initialize().await.is_err());
    assert_eq!(failing.state(), State::Failed);
}
