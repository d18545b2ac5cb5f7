//! The seed's core orchestrator: system-wide start-up of services, integrations, configuration
//! and logging, in dependency order, and a coordinated shutdown in the exact reverse. The
//! services start with the configuration and the logging they `uses(...)`, the integrations
//! connect to the services that are running.
//!
//! Run with `cargo run --example core_system`.

use orchestrator::Uses;
use orchestrator::prelude::*;

#[derive(Debug, Clone)]
struct SystemConfig {
    environment: &'static str,
    services: Vec<&'static str>,
}

/// Loads and validates settings; everything else reads them.
struct Configuration {
    loaded: bool,
    log_level: &'static str,
}

/// Structured logging for the whole system.
struct Logging {
    lines: Vec<String>,
}

/// The long-running services.
struct Services {
    names: Vec<&'static str>,
    running: Vec<&'static str>,
}

/// Connections to the outside world, opened once the services are up.
struct Integrations {
    connected: Vec<&'static str>,
}

impl Component for Configuration {
    fn init(&mut self) -> Result<(), ComponentError> {
        println!("  init    configuration  settings loaded");
        self.loaded = true;
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        println!("  cleanup configuration  settings released");
        self.loaded = false;
        Ok(())
    }
}

impl Component for Logging {
    fn init(&mut self) -> Result<(), ComponentError> {
        println!("  init    logging        log sink open");
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        println!("  cleanup logging        {} line(s) flushed", self.lines.len());
        self.lines.clear();
        Ok(())
    }
}

impl Logging {
    fn log(&mut self, line: String) {
        println!("  log     {line}");
        self.lines.push(line);
    }
}

/// The services start with the loaded configuration and the open log sink.
impl<'a> Uses<(&'a Configuration, &'a Logging)> for Services {
    fn init(&mut self, (config, logging): (&'a Configuration, &'a Logging)) -> Result<(), ComponentError> {
        if !config.loaded {
            return Err("the configuration is not loaded".into());
        }
        self.running = self.names.clone();
        println!(
            "  init    services       started {} (log level {}, {} line(s) logged so far)",
            self.running.join(", "),
            config.log_level,
            logging.lines.len()
        );
        Ok(())
    }
    fn cleanup(&mut self, _: (&'a Configuration, &'a Logging)) -> Result<(), ComponentError> {
        println!("  cleanup services       stopped {}", self.running.join(", "));
        self.running.clear();
        Ok(())
    }
    fn health(&self) -> Health {
        if self.running.len() == self.names.len() {
            Health::Healthy
        } else {
            Health::Degraded("not all running".into())
        }
    }
}

impl Services {
    fn coordinate(&self) -> Vec<&'static str> {
        self.running.clone()
    }
}

/// The integrations connect the running services to the outside world.
impl<'a> Uses<&'a Services> for Integrations {
    fn init(&mut self, services: &'a Services) -> Result<(), ComponentError> {
        self.connected = vec!["billing-api", "mail-relay"];
        println!(
            "  init    integrations   connected {} for {}",
            self.connected.join(", "),
            services.running.join(", ")
        );
        Ok(())
    }
    fn cleanup(&mut self, _: &'a Services) -> Result<(), ComponentError> {
        println!("  cleanup integrations   disconnected {}", self.connected.join(", "));
        self.connected.clear();
        Ok(())
    }
}

impl Integrations {
    fn announce(&self, services: &[&'static str]) -> String {
        format!("{} service(s) reachable through {} integration(s)", services.len(), self.connected.len())
    }
}

impl FromConfig<SystemConfig> for Configuration {
    fn from_config(_: &SystemConfig) -> Self {
        Configuration { loaded: false, log_level: "info" }
    }
}
impl FromConfig<SystemConfig> for Logging {
    fn from_config(_: &SystemConfig) -> Self {
        Logging { lines: Vec::new() }
    }
}
impl FromConfig<SystemConfig> for Services {
    fn from_config(config: &SystemConfig) -> Self {
        Services { names: config.services.clone(), running: Vec::new() }
    }
}
impl FromConfig<SystemConfig> for Integrations {
    fn from_config(_: &SystemConfig) -> Self {
        Integrations { connected: Vec::new() }
    }
}

#[derive(Orchestrator)]
#[orchestrator(register = Self::wire, from_config)]
struct CoreOrchestrator {
    #[orchestrator(config)]
    config: SystemConfig,
    #[component(uses(configuration, logging))]
    services: Services,
    #[component(uses(services))]
    integrations: Integrations,
    #[component]
    configuration: Configuration,
    #[component]
    logging: Logging,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl CoreOrchestrator {
    /// Coordinates the running services with the integrations and logs the outcome.
    pub fn coordinate_services(&mut self) -> Result<String, NotReady> {
        let running = self.services.coordinate();
        let summary = self.integrations.announce(&running);
        self.logging.log(summary.clone());
        Ok(summary)
    }

    fn wire(&mut self) -> Result<(), ComponentError> {
        println!("  register               services wired to logging ({})", self.config.environment);
        Ok(())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = SystemConfig { environment: "staging", services: vec!["api", "worker", "scheduler"] };
    let mut core = CoreOrchestrator::from_config(config);
    println!("{} initializes {:?}", CoreOrchestrator::NAME, CoreOrchestrator::COMPONENTS);
    println!("its dependency graph, for `dot -Tsvg`:\n{}", Graph::of::<CoreOrchestrator>().to_dot());

    // Coordination before initialize() never touches uninitialized components.
    if let Err(not_ready) = core.coordinate_services() {
        println!("  refused: {not_ready}");
    }

    core.initialize()?;
    println!("\n{}", core.status());

    let summary = core.coordinate_services()?;
    println!("coordinated: {summary}\n");

    core.cleanup()?;
    println!("\n{}", core.status());
    Ok(())
}
