//! The seed's emergency orchestrator: detection, intervention and resolution logging across an
//! emergency engine, an analyzer, a logger and the response protocols.
//!
//! At shutdown two components fail to clean up (the protocols cannot release a held channel,
//! the logger panics while flushing): every other component is still cleaned up, and both
//! failures come back together in one `CleanupError`.
//!
//! Run with `cargo run --example emergency`.

use orchestrator::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Severity {
    Routine,
    Critical,
}

#[derive(Default)]
struct EmergencyEngine {
    interventions: Vec<String>,
}

#[derive(Default)]
struct EmergencyAnalyzer;

#[derive(Default)]
struct EmergencyLogger {
    entries: Vec<String>,
}

#[derive(Default)]
struct EmergencyProtocols {
    held_channels: Vec<&'static str>,
}

impl Component for EmergencyEngine {
    fn init(&mut self) -> Result<(), ComponentError> {
        println!("  init    engine     ready to intervene");
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        println!("  cleanup engine     {} intervention(s) closed", self.interventions.len());
        Ok(())
    }
}

impl EmergencyEngine {
    fn intervene(&mut self, signal: &str, channel: &str) -> String {
        let action = format!("isolated `{signal}` via {channel}");
        self.interventions.push(action.clone());
        action
    }
}

impl Component for EmergencyAnalyzer {
    fn init(&mut self) -> Result<(), ComponentError> {
        println!("  init    analyzer   models loaded");
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        println!("  cleanup analyzer   models unloaded");
        Ok(())
    }
}

impl EmergencyAnalyzer {
    fn classify(&self, signal: &str) -> Severity {
        if signal.contains("overheat") { Severity::Critical } else { Severity::Routine }
    }
}

impl Component for EmergencyLogger {
    fn init(&mut self) -> Result<(), ComponentError> {
        println!("  init    logger     incident log open");
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        println!("  cleanup logger     flushing {} entries...", self.entries.len());
        panic!("incident log disk is read-only");
    }
}

impl EmergencyLogger {
    fn log_resolution(&mut self, entry: String) {
        println!("  log     {entry}");
        self.entries.push(entry);
    }
}

impl Component for EmergencyProtocols {
    fn init(&mut self) -> Result<(), ComponentError> {
        println!("  init    protocols  escalation channels ready");
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        println!("  cleanup protocols  releasing {:?}", self.held_channels);
        if self.held_channels.is_empty() {
            Ok(())
        } else {
            Err(format!("channel {} is still held by an open intervention", self.held_channels.join(", ")).into())
        }
    }
}

impl EmergencyProtocols {
    fn open_channel(&mut self, severity: Severity) -> &'static str {
        let channel = if severity == Severity::Critical { "pager" } else { "ticket" };
        self.held_channels.push(channel);
        channel
    }
}

#[derive(Orchestrator)]
struct EmergencyOrchestrator {
    #[component]
    engine: EmergencyEngine,
    #[component]
    analyzer: EmergencyAnalyzer,
    #[component]
    logger: EmergencyLogger,
    #[component]
    protocols: EmergencyProtocols,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl EmergencyOrchestrator {
    /// Classifies a signal; `None` when it is routine.
    pub fn detect_emergency(&self, signal: &str) -> Option<Severity> {
        let severity = self.analyzer.classify(signal);
        if severity == Severity::Critical { Some(severity) } else { None }
    }

    /// Opens an escalation channel and intervenes through it.
    pub fn coordinate_intervention(&mut self, signal: &str, severity: Severity) -> String {
        let channel = self.protocols.open_channel(severity);
        self.engine.intervene(signal, channel)
    }

    /// Records how the emergency was resolved.
    pub fn log_resolution(&mut self, action: String) {
        self.logger.log_resolution(action);
    }
}

fn main() {
    // Keep the report short: the lifecycle catches the panic and reports it as an error.
    std::panic::set_hook(Box::new(|info| println!("  (panic hook) {}", info.payload_as_str().unwrap_or("panic"))));
    let mut emergency = EmergencyOrchestrator::from_parts(
        EmergencyEngine::default(),
        EmergencyAnalyzer,
        EmergencyLogger::default(),
        EmergencyProtocols::default(),
    );
    if let Err(error) = emergency.initialize() {
        println!("start failed: {error}");
        return;
    }

    for signal in ["disk usage 71%", "reactor overheat"] {
        match emergency.detect_emergency(signal) {
            None => println!("  routine `{signal}`"),
            Some(severity) => {
                let action = emergency.coordinate_intervention(signal, severity);
                emergency.log_resolution(action);
            }
        }
    }
    println!("\n{}", emergency.status());

    println!("shutdown:");
    match emergency.cleanup() {
        Ok(()) => println!("  clean shutdown"),
        Err(error) => {
            println!("\n{error}");
            for failure in error.errors() {
                let kind = if failure.error.is_panic() { "panic" } else { "error" };
                println!("  - {} ({kind}): {}", failure.component, failure.error);
            }
        }
    }
    println!("\n{}", emergency.status());
}
