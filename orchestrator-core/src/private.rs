//! The one path generated code reaches the runtime through. Not public API: no stability
//! promise beyond what the macros of the same version emit.

use core::fmt::Debug;

pub use crate::coordinate::{Call, Entered, Instrumented, Outcome, RecordAny};
pub use crate::nested::{NotAnOrchestrator, Probe};
pub use crate::run::{cleanup, drop_cleanup, initialize, status};
pub use crate::{__check_nested, __coordinate};
pub use crate::{
    CleanupError, Component, ComponentError, FromConfig, InitError, Lifecycle, NotReady, Orchestrator, State, Status,
};

/// What `#[derive(Orchestrator)]` implements for every orchestrator, sync or async: the
/// lifecycle field and the struct's size. `#[orchestrate]` reaches the orchestrator only
/// through this trait.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a derived orchestrator",
    label = "`#[orchestrate]` goes on the impl block of a struct with `#[derive(Orchestrator)]`",
    note = "add `#[derive(Orchestrator)]` to the struct `{Self}`"
)]
pub trait Parts {
    /// The number of source lines of the struct, for the `too_long` rule.
    const LINES: usize = 0;
    /// The struct's `max_lines`, for the `too_long` rule.
    const MAX_LINES: usize = 400;

    /// The lifecycle field.
    fn lifecycle(&self) -> &Lifecycle;
    /// The lifecycle field, mutably.
    fn lifecycle_mut(&mut self) -> &mut Lifecycle;
}

/// What `#[derive(Orchestrator)]` implements for a sync orchestrator: its names and the
/// components the lifecycle functions work on, numbered in initialization order. Every
/// `SyncParts` is an [`Orchestrator`] through the blanket impl below, whose methods are the
/// lifecycle functions of this crate: the generated code holds no lifecycle code at all.
pub trait SyncParts: Parts {
    /// [`Orchestrator::NAME`].
    const NAME: &'static str;
    /// [`Orchestrator::COMPONENTS`].
    const COMPONENTS: &'static [&'static str];
    /// [`Orchestrator::DEPENDENCIES`].
    const DEPENDENCIES: &'static [&'static [usize]] = &[];
    /// The components' types as written in the struct, in initialization order.
    const TYPES: &'static [&'static str];
    /// The register hook's name, for errors (`"register"` when there is none).
    const REGISTER: &'static str = "register";

    /// Component `index`, `None` past the end.
    fn component(&self, index: usize) -> Option<&dyn Component>;
    /// Runs `step` of component `index` (nothing past the end). Direct calls, not through
    /// `dyn Component`, so they inline like hand-written ones.
    ///
    /// # Errors
    /// The component's error.
    fn step(&mut self, index: usize, step: Step) -> Result<(), ComponentError>;
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

impl<T: SyncParts> Orchestrator for T {
    const NAME: &'static str = <T as SyncParts>::NAME;
    const COMPONENTS: &'static [&'static str] = <T as SyncParts>::COMPONENTS;
    const DEPENDENCIES: &'static [&'static [usize]] = <T as SyncParts>::DEPENDENCIES;

    #[inline]
    fn initialize(&mut self) -> Result<(), InitError> {
        crate::run::initialize(self)
    }
    #[inline]
    fn cleanup(&mut self) -> Result<(), CleanupError> {
        crate::run::cleanup(self)
    }
    fn status(&self) -> Status {
        crate::run::status(self)
    }
    #[inline]
    fn state(&self) -> State {
        self.lifecycle().state()
    }
    fn restart(&mut self, component: &str) -> Result<(), crate::RestartError> {
        crate::run::restart(self, component)
    }
    fn status_handle(&mut self) -> crate::StatusHandle {
        self.lifecycle_mut().status_handle(<T as SyncParts>::NAME, <T as SyncParts>::COMPONENTS)
    }
}

/// What a component's step returns (a short name for the generated signatures).
pub type StepResult = Result<(), ComponentError>;

/// A step of a component's lifecycle, for [`SyncParts::step`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// [`Component::init`].
    Init,
    /// [`Component::cleanup`].
    Cleanup,
}

/// A component field as the generated code reaches it. Every [`Component`] is one; the
/// generated code writes `<FieldType as Part>::...`, so a field type that is not a component
/// gets one error, spanning that type, with this message.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a component: it does not implement `Component`",
    label = "this field is marked #[component], so its type must implement `Component`",
    note = "implement it, even empty: `impl orchestrator::Component for {Self} {{}}`"
)]
pub trait Part {
    /// The component as `dyn Component` (always `Some`; an `Option` for the match arms of
    /// [`SyncParts::component`]).
    fn get(&self) -> Option<&dyn Component>;
    /// Runs one step of the component.
    ///
    /// # Errors
    /// The component's error.
    fn step(&mut self, step: Step) -> Result<(), ComponentError>;
}

impl<T: Component> Part for T {
    #[inline]
    fn get(&self) -> Option<&dyn Component> {
        Some(self)
    }
    #[inline]
    fn step(&mut self, step: Step) -> Result<(), ComponentError> {
        match step {
            Step::Init => self.init(),
            Step::Cleanup => self.cleanup(),
        }
    }
}

/// Runs a register hook of any error type convertible into [`ComponentError`].
///
/// # Errors
/// The hook's error, converted.
#[inline]
pub fn hook<T: ?Sized, E: Into<ComponentError>>(
    this: &mut T,
    hook: fn(&mut T) -> Result<(), E>,
) -> Result<(), ComponentError> {
    hook(this).map_err(Into::into)
}

/// The config field as `dyn Debug`; spanned at the config's type, a type that is not `Debug`
/// gets the error there.
#[inline]
pub fn debug<T: Debug>(config: &T) -> &dyn Debug {
    config
}

pub use crate::asynchronous::private::*;
