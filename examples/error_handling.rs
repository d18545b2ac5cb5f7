//! The seed's error-handling orchestrator: a retry engine with backoff, specialized handlers and
//! an error-analysis engine behind three coordination methods.
//!
//! Run with `cargo run --example error_handling`.

use std::cell::Cell;
use std::fmt;
use std::time::Duration;

use orchestrator::prelude::*;

#[derive(Debug, Clone, PartialEq)]
enum OpError {
    Transient(String),
    Permanent(String),
    NotReady(String),
}

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpError::Transient(why) => write!(f, "transient: {why}"),
            OpError::Permanent(why) => write!(f, "permanent: {why}"),
            OpError::NotReady(why) => write!(f, "not ready: {why}"),
        }
    }
}

impl std::error::Error for OpError {}

impl From<NotReady> for OpError {
    fn from(not_ready: NotReady) -> Self {
        OpError::NotReady(not_ready.to_string())
    }
}

#[derive(Debug)]
struct RetryPolicy {
    attempts: u32,
    base_delay: Duration,
}

/// Retries an operation with exponential backoff.
struct RetryEngine {
    attempts: u32,
    base_delay: Duration,
}

impl Component for RetryEngine {
    fn init(&mut self) -> Result<(), ComponentError> {
        println!("  init    retry      {} attempts, backoff from {:?}", self.attempts, self.base_delay);
        Ok(())
    }
}

impl RetryEngine {
    fn retry<T>(&self, mut operation: impl FnMut(u32) -> Result<T, OpError>) -> Result<T, OpError> {
        let mut delay = self.base_delay;
        let mut attempt = 1;
        loop {
            match operation(attempt) {
                Err(OpError::Transient(why)) if attempt < self.attempts => {
                    println!("  retry   attempt {attempt} failed ({why}), backing off {delay:?}");
                    std::thread::sleep(delay);
                    delay *= 2;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }
}

/// Handlers specialized by error kind.
#[derive(Default)]
struct SpecializedHandlers {
    handled: Cell<u32>,
}

impl Component for SpecializedHandlers {
    fn init(&mut self) -> Result<(), ComponentError> {
        println!("  init    handlers   transient, permanent");
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        println!("  cleanup handlers   {} error(s) handled", self.handled.get());
        Ok(())
    }
}

impl SpecializedHandlers {
    fn handle(&self, error: &OpError, advice: &str) -> String {
        self.handled.set(self.handled.get() + 1);
        match error {
            OpError::Transient(_) => format!("queued for later: {error} ({advice})"),
            _ => format!("escalated: {error} ({advice})"),
        }
    }
}

/// Classifies errors and advises on them.
#[derive(Default)]
struct ErrorAnalysis;

impl Component for ErrorAnalysis {
    fn init(&mut self) -> Result<(), ComponentError> {
        println!("  init    analysis   classifier ready");
        Ok(())
    }
}

impl ErrorAnalysis {
    fn advise(&self, error: &OpError) -> &'static str {
        match error {
            OpError::Transient(_) => "likely to pass on retry",
            OpError::Permanent(_) => "needs a person",
            OpError::NotReady(_) => "start the orchestrator first",
        }
    }
}

impl FromConfig<RetryPolicy> for RetryEngine {
    fn from_config(policy: &RetryPolicy) -> Self {
        RetryEngine { attempts: policy.attempts, base_delay: policy.base_delay }
    }
}
impl FromConfig<RetryPolicy> for SpecializedHandlers {
    fn from_config(_: &RetryPolicy) -> Self {
        SpecializedHandlers::default()
    }
}
impl FromConfig<RetryPolicy> for ErrorAnalysis {
    fn from_config(_: &RetryPolicy) -> Self {
        ErrorAnalysis
    }
}

#[derive(Orchestrator)]
#[orchestrator(cleanup_on_drop, from_config)]
struct ErrorHandlingOrchestrator {
    #[orchestrator(config)]
    policy: RetryPolicy,
    #[component(name = "retry")]
    retry: RetryEngine,
    #[component(name = "handlers")]
    handlers: SpecializedHandlers,
    #[component(name = "analysis")]
    analysis: ErrorAnalysis,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl ErrorHandlingOrchestrator {
    /// Retries `operation` with the engine's backoff.
    pub fn retry_operation<T>(&self, operation: impl FnMut(u32) -> Result<T, OpError>) -> Result<T, OpError> {
        self.retry.retry(operation)
    }

    /// Runs `operation` once; its error is analysed and handled instead of returned.
    pub fn safe_execute<T>(&self, operation: impl FnOnce() -> Result<T, OpError>) -> Result<Option<T>, OpError> {
        match operation() {
            Ok(value) => Ok(Some(value)),
            Err(error) => {
                println!("  handled {}", self.handle_error(&error));
                Ok(None)
            }
        }
    }

    /// Routes an error to its specialized handler with the analysis' advice.
    pub fn handle_error(&self, error: &OpError) -> String {
        let advice = self.analysis.advise(error);
        self.handlers.handle(error, advice)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut errors =
        ErrorHandlingOrchestrator::from_config(RetryPolicy { attempts: 4, base_delay: Duration::from_millis(5) });
    errors.initialize()?;

    let value = errors.retry_operation(|attempt| {
        if attempt < 3 { Err(OpError::Transient(format!("connection reset #{attempt}"))) } else { Ok(attempt) }
    })?;
    println!("  result  succeeded on attempt {value}");

    let outcome =
        errors.safe_execute(|| -> Result<(), OpError> { Err(OpError::Permanent("schema mismatch".into())) })?;
    println!("  result  {outcome:?}");

    println!("\n{}", errors.status());
    println!("dropping the orchestrator cleans it up (cleanup_on_drop):");
    drop(errors);
    Ok(())
}
