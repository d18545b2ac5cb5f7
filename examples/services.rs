//! The seed's services orchestrator, async: data, socket, performance and validation services.
//!
//! Data, socket and performance depend on nothing, so they start concurrently; validation
//! starts with data and socket (`uses(data, socket)`: its `init` receives both, initialized).
//! The same services started one after the other (a chain of `after(...)`) show what the
//! concurrency saves: the example prints both start times and their ratio.
//!
//! Run with `cargo run --example services`.

use std::time::{Duration, Instant};

use orchestrator::prelude::*;
use orchestrator::{AsyncComponent, AsyncUses};

/// A service whose start-up and shutdown take a while (a connection, a warm-up).
struct Service {
    name: &'static str,
    start_up: Duration,
    requests: usize,
}

impl Service {
    fn new(name: &'static str, start_up_ms: u64) -> Self {
        Service { name, start_up: Duration::from_millis(start_up_ms), requests: 0 }
    }
}

impl AsyncComponent for Service {
    async fn init(&mut self) -> Result<(), ComponentError> {
        println!("    start {:<12} ({:?})", self.name, self.start_up);
        tokio::time::sleep(self.start_up).await;
        println!("    ready {}", self.name);
        Ok(())
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        tokio::time::sleep(self.start_up / 4).await;
        println!("    stop  {:<12} after {} request(s)", self.name, self.requests);
        Ok(())
    }
    fn health(&self) -> Health {
        if self.name == "performance" { Health::Degraded("sampling at 50%".into()) } else { Health::Healthy }
    }
}

impl Service {
    fn handle(&mut self, message: &str) -> String {
        self.requests += 1;
        format!("{} handled `{message}`", self.name)
    }
}

/// Validation starts with the data and socket services it checks messages against.
struct Validation {
    service: Service,
    sources: Vec<&'static str>,
}

impl<'a> AsyncUses<(&'a Service, &'a Service)> for Validation {
    async fn init(&mut self, (data, socket): (&'a Service, &'a Service)) -> Result<(), ComponentError> {
        self.sources = vec![data.name, socket.name];
        println!(
            "    start {:<12} ({:?}, against {} and {})",
            self.service.name, self.service.start_up, data.name, socket.name
        );
        tokio::time::sleep(self.service.start_up).await;
        println!("    ready {}", self.service.name);
        Ok(())
    }
    async fn cleanup(&mut self, _: (&'a Service, &'a Service)) -> Result<(), ComponentError> {
        AsyncComponent::cleanup(&mut self.service).await
    }
}

impl Validation {
    fn handle(&mut self, message: &str) -> String {
        format!("{} (checked against {})", self.service.handle(message), self.sources.join(", "))
    }
}

/// The services as they depend on each other: three independent ones, validation after two.
#[derive(Orchestrator)]
#[orchestrator(async)]
struct ServicesOrchestrator {
    #[component]
    data: Service,
    #[component]
    socket: Service,
    #[component]
    performance: Service,
    #[component(uses(data, socket))]
    validation: Validation,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl ServicesOrchestrator {
    /// Validates a message, then sends it to the data and socket services.
    pub async fn broadcast(&mut self, message: &str) -> Result<[String; 3], NotReady> {
        let checked = self.validation.handle(message);
        let stored = self.data.handle(message);
        let sent = self.socket.handle(message);
        Ok([checked, stored, sent])
    }
}

/// The same services started strictly one after the other.
#[derive(Orchestrator)]
#[orchestrator(async)]
struct SequentialServices {
    #[component]
    data: Service,
    #[component(after(data))]
    socket: Service,
    #[component(after(socket))]
    performance: Service,
    #[component(uses(data, socket), after(performance))]
    validation: Validation,
    lifecycle: Lifecycle,
}

fn services() -> (Service, Service, Service, Validation) {
    (
        Service::new("data", 120),
        Service::new("socket", 150),
        Service::new("performance", 90),
        Validation { service: Service::new("validation", 60), sources: Vec::new() },
    )
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (data, socket, performance, validation) = services();
    let mut concurrent = ServicesOrchestrator::from_parts(data, socket, performance, validation);
    println!("dependency graph (Mermaid):\n{}", Graph::of_async::<ServicesOrchestrator>().to_mermaid());

    println!("concurrent start, level by level:");
    let start = Instant::now();
    concurrent.initialize().await?;
    let concurrent_start = start.elapsed();
    println!("\n{}", concurrent.status());

    for line in concurrent.broadcast("order 42 shipped").await? {
        println!("  {line}");
    }
    println!("\nshutdown, level by level in reverse:");
    concurrent.cleanup().await?;

    let (data, socket, performance, validation) = services();
    let mut sequential = SequentialServices::from_parts(data, socket, performance, validation);
    println!("\nsequential start:");
    let start = Instant::now();
    sequential.initialize().await?;
    let sequential_start = start.elapsed();
    sequential.cleanup().await?;

    println!(
        "\nstart time: concurrent {concurrent_start:.0?}, sequential {sequential_start:.0?}, ratio {:.2}",
        sequential_start.as_secs_f64() / concurrent_start.as_secs_f64()
    );
    Ok(())
}
