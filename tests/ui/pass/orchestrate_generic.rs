//! A generic orchestrator (type parameter, where clause) with its `#[orchestrate]`
//! block, and a generic coordination method; `too_long` is checked per instantiation.
#![deny(warnings, clippy::pedantic)]

use orchestrator::prelude::*;

/// Anything that checks.
pub trait Check: Component {
    /// Checks.
    fn check(&self, x: u32) -> bool;
}

/// Checks input.
#[derive(Debug, Default)]
pub struct Validator;
impl Component for Validator {}
impl Check for Validator {
    fn check(&self, x: u32) -> bool {
        x > 0
    }
}

/// Records.
#[derive(Debug, Default)]
pub struct Log(Vec<u32>);
impl Component for Log {}
impl Log {
    /// Records one value.
    pub fn record(&mut self, x: u32) {
        self.0.push(x);
    }
}

/// The error.
#[derive(Debug)]
pub struct Error;
impl From<NotReady> for Error {
    fn from(_: NotReady) -> Self {
        Error
    }
}

/// A generic orchestrator.
#[derive(Orchestrator)]
#[orchestrator(max_lines = 60)]
pub struct Generic<V>
where
    V: Check,
{
    #[component]
    validator: V,
    #[component]
    log: Log,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl<V> Generic<V>
where
    V: Check,
{
    /// Checks and records.
    ///
    /// # Errors
    /// When not ready, or the check fails.
    pub fn process(&mut self, x: u32) -> Result<(), Error> {
        if !self.validator.check(x) {
            return Err(Error);
        }
        self.log.record(x);
        Ok(())
    }

    /// The log, borrowed from `self` in the return type.
    pub fn log(&self) -> &[u32] {
        &self.log.0
    }

    /// A generic coordination method.
    pub fn process_as<T: Into<u32>>(&mut self, x: T) -> bool {
        let x = x.into();
        self.log.record(x);
        self.validator.check(x)
    }
}

fn main() {
    let mut generic = Generic::from_parts(Validator, Log::default());
    assert!(generic.process(1).is_err());
    generic.initialize().unwrap();
    generic.process(1).unwrap();
    assert!(generic.process(0).is_err());
    assert!(generic.process_as(2u8));
    assert_eq!(generic.log(), [1, 2]);
    generic.cleanup().unwrap();
}
