//! Generated code under `clippy::pedantic`: a coordination method that clippy spares as
//! exported API (`unnecessary_wraps`, `unused_self`, `trivially_copy_pass_by_ref`) is spared
//! in its generated body too. CI's clippy run (`-D warnings`, all targets) checks this file.
#![deny(clippy::pedantic)]

use orchestrator::prelude::*;

#[derive(Default)]
pub struct Validator;
impl Component for Validator {}

#[derive(Default)]
pub struct AuditLog {
    lines: Vec<String>,
}
impl Component for AuditLog {}

/// Keeps the live status it starts with (`uses(lifecycle)`).
#[derive(Default)]
pub struct Health {
    status: Option<StatusHandle>,
}
impl Uses<StatusHandle> for Health {
    fn init(&mut self, status: StatusHandle) -> Result<(), ComponentError> {
        self.status = Some(status);
        Ok(())
    }
}

#[derive(Orchestrator)]
pub struct Processing {
    #[component]
    validator: Validator,
    #[component(name = "audit-log", after(validator))]
    logger: AuditLog,
    #[component(uses(lifecycle))]
    health: Health,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Processing {
    /// Always `Ok` once ready: `unnecessary_wraps` would fire on a private fn.
    ///
    /// # Errors
    /// `NotReady` before `initialize()`.
    pub fn process(&mut self, input: &str) -> Result<(), NotReady> {
        self.logger.lines.push(input.to_owned());
        Ok(())
    }

    /// Reads no field: `unused_self` would fire on a private fn; `u64` by reference:
    /// `trivially_copy_pass_by_ref` too.
    ///
    /// # Errors
    /// `NotReady` before `initialize()`.
    pub fn limit(&self, max: &u64) -> Result<u64, NotReady> {
        Ok(*max)
    }
}

#[test]
fn the_readme_shape_compiles_under_pedantic() {
    let mut processing = Processing::from_parts(Validator, AuditLog::default(), Health::default());
    processing.initialize().unwrap();
    processing.process("order 42").unwrap();
    assert_eq!(processing.limit(&3).unwrap(), 3);
    processing.restart(ProcessingComponent::Logger).unwrap();
    assert!(processing.health.status.as_ref().is_some_and(StatusHandle::is_ready));
    processing.cleanup().unwrap();
}
