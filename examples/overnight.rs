//! The seed's overnight orchestrator: 24/7 autonomous operations with a task scheduler, a
//! progress monitor, a recovery system and a workflow engine.
//!
//! The workflow engine's first start fails (its job store is still locked by last night's run):
//! the components already started are rolled back in reverse order, the orchestrator is
//! `Failed`, and a second `initialize()` starts everything.
//!
//! Run with `cargo run --example overnight`.

use std::fmt;

use orchestrator::prelude::*;

#[derive(Debug)]
struct CycleError(String);

impl fmt::Display for CycleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CycleError {}

impl From<NotReady> for CycleError {
    fn from(not_ready: NotReady) -> Self {
        CycleError(not_ready.to_string())
    }
}

#[derive(Default)]
struct TaskScheduler {
    queue: Vec<&'static str>,
}

#[derive(Default)]
struct ProgressMonitor {
    done: Vec<&'static str>,
}

#[derive(Default)]
struct RecoverySystem {
    recovered: usize,
}

#[derive(Default)]
struct WorkflowEngine {
    store_locked: bool,
    started: bool,
}

impl Component for TaskScheduler {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.queue = vec!["backup", "reindex", "report"];
        println!("  init    scheduler  {} task(s) queued", self.queue.len());
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        println!("  cleanup scheduler  queue dropped");
        self.queue.clear();
        Ok(())
    }
}

impl TaskScheduler {
    fn next(&mut self) -> Option<&'static str> {
        if self.queue.is_empty() { None } else { Some(self.queue.remove(0)) }
    }
}

impl Component for ProgressMonitor {
    fn init(&mut self) -> Result<(), ComponentError> {
        println!("  init    monitor    watching");
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        println!("  cleanup monitor    {} task(s) finished tonight", self.done.len());
        Ok(())
    }
}

impl ProgressMonitor {
    fn record(&mut self, task: &'static str) -> usize {
        self.done.push(task);
        self.done.len()
    }
}

impl Component for RecoverySystem {
    fn init(&mut self) -> Result<(), ComponentError> {
        println!("  init    recovery   armed");
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        println!("  cleanup recovery   disarmed after {} recovery(ies)", self.recovered);
        Ok(())
    }
}

impl RecoverySystem {
    fn recover(&mut self, task: &str) -> String {
        self.recovered += 1;
        format!("{task} recovered")
    }
}

impl Component for WorkflowEngine {
    fn init(&mut self) -> Result<(), ComponentError> {
        if self.store_locked {
            // The lock is released by the time anyone tries again.
            self.store_locked = false;
            println!("  init    workflow   job store locked");
            return Err(CycleError("job store is locked by another run".into()).into());
        }
        self.started = true;
        println!("  init    workflow   engine started");
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        println!("  cleanup workflow   engine stopped");
        self.started = false;
        Ok(())
    }
}

impl WorkflowEngine {
    fn run(&mut self, task: &'static str) -> Result<&'static str, CycleError> {
        if task == "reindex" { Err(CycleError(format!("{task} hit a timeout"))) } else { Ok(task) }
    }
}

#[derive(Orchestrator)]
struct OvernightOrchestrator {
    #[component(name = "scheduler")]
    scheduler: TaskScheduler,
    #[component(name = "monitor")]
    monitor: ProgressMonitor,
    #[component(name = "recovery")]
    recovery: RecoverySystem,
    #[component(name = "workflow", after(scheduler, monitor))]
    workflow: WorkflowEngine,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl OvernightOrchestrator {
    /// Runs the next queued task through the workflow engine, recovering it when it fails.
    pub fn start_cycle(&mut self) -> Result<Option<String>, CycleError> {
        let Some(task) = self.scheduler.next() else { return Ok(None) };
        let outcome = match self.workflow.run(task) {
            Ok(done) => format!("{done} done"),
            Err(failure) => self.handle_recovery(task, &failure),
        };
        let finished = self.monitor.record(task);
        Ok(Some(format!("{outcome} ({finished} finished)")))
    }

    /// Hands a failed task to the recovery system.
    pub fn handle_recovery(&mut self, task: &'static str, failure: &CycleError) -> String {
        println!("  recover {task}: {failure}");
        self.recovery.recover(task)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut night = OvernightOrchestrator::from_parts(
        TaskScheduler::default(),
        ProgressMonitor::default(),
        RecoverySystem::default(),
        WorkflowEngine { store_locked: true, started: false },
    );

    println!("first start:");
    match night.initialize() {
        Ok(()) => println!("  unexpectedly started"),
        Err(error) => {
            println!("  failed: {error}");
            println!("  failed component: {} ({} phase)", error.component(), error.phase());
        }
    }
    println!("\n{}", night.status());

    println!("second start:");
    night.initialize()?;
    println!("\n{}", night.status());

    while let Some(line) = night.start_cycle()? {
        println!("  cycle   {line}");
    }

    println!("\nshutdown:");
    night.cleanup()?;
    println!("\n{}", night.status());
    Ok(())
}
