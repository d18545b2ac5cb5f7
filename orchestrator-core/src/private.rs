//! The one path generated code reaches the runtime through. Not public API: no stability
//! promise beyond what the macros of the same version emit.

use core::fmt::Debug;
use core::marker::PhantomData;

pub use crate::coordinate::{Call, Entered, Instrumented, Outcome, RecordAny, ready, ready_or_panic};
pub use crate::run::{cleanup, drop_cleanup, initialize, status};
pub use crate::{CleanupError, Component, ComponentError, InitError, Lifecycle, NotReady, Orchestrator, State, Status};

/// What `#[derive(Orchestrator)]` implements besides [`Orchestrator`]: access to the parts the
/// lifecycle functions work on. Components are numbered in initialization order.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a derived orchestrator",
    label = "`#[orchestrate]` goes on the impl block of a struct with `#[derive(Orchestrator)]`",
    note = "add `#[derive(Orchestrator)]` to the struct `{Self}`"
)]
pub trait Parts: Orchestrator {
    /// The components' types as written in the struct, in initialization order.
    const TYPES: &'static [&'static str];
    /// The register hook's name, for errors (`"register"` when there is none).
    const REGISTER: &'static str = "register";
    /// The number of source lines of the struct, for the `too_long` rule.
    const LINES: usize = 0;
    /// The struct's `max_lines`, for the `too_long` rule.
    const MAX_LINES: usize = 400;

    /// The lifecycle field.
    fn lifecycle(&self) -> &Lifecycle;
    /// The lifecycle field, mutably.
    fn lifecycle_mut(&mut self) -> &mut Lifecycle;
    /// Component `index`, `None` past the end.
    fn component(&self, index: usize) -> Option<&dyn Component>;
    /// Component `index` mutably, `None` past the end.
    fn component_mut(&mut self, index: usize) -> Option<&mut dyn Component>;
    /// The register hook. Default: nothing.
    ///
    /// # Errors
    /// The hook's error; the lifecycle rolls back every component.
    fn register(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }
    /// The config field, if any.
    fn config(&self) -> Option<&dyn Debug> {
        None
    }
}

/// Compile-time probe of whether a concrete type implements [`Orchestrator`] (the
/// `nested_orchestrator` rule): `<Probe<T>>::IS_ORCHESTRATOR` is the inherent `true` when it
/// does, else the [`NotAnOrchestrator`] default `false`.
pub struct Probe<T: ?Sized>(PhantomData<T>);

/// The fallback of [`Probe`].
pub trait NotAnOrchestrator {
    /// `false`: the probed type is not an orchestrator.
    const IS_ORCHESTRATOR: bool = false;
}

impl<T: ?Sized> NotAnOrchestrator for Probe<T> {}

impl<T: ?Sized + Orchestrator> Probe<T> {
    /// `true`: the probed type is an orchestrator.
    pub const IS_ORCHESTRATOR: bool = true;
}

pub use crate::asynchronous::private::*;
