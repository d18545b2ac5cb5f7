//! The one path generated code reaches the runtime through: re-exports only. Not public API:
//! its name carries the version, and it promises only what the macros of the same version emit.

pub use crate::__with_tokio;
#[cfg(feature = "tokio")]
pub use crate::asynchronous::client::HandlerOutcome;
pub use crate::asynchronous::component::{BoxFuture, DynAsyncComponent};
pub use crate::asynchronous::level::{Pass, StepSlot};
pub use crate::asynchronous::parts::{
    AsyncComponentField, AsyncComponents, AsyncFieldKind, AsyncUsesField, RegisterFuture,
};
pub use crate::asynchronous::run::{cleanup_async, initialize_async, restart_async, status_async};
pub use crate::asynchronous::timeout::{BlockingProbe, NotBlocking, TIMEOUTS_SUPPORTED};
pub use crate::coordinate::{
    Call, Entered, FromNotReady, Instrumented, NotReadyAs, NotReadyPanic, NotReadyResult, Outcome, RecordAny,
};
pub use crate::kind::{
    AsyncInSyncOrchestrator, AsyncUsesForAnyLifetime, AsyncUsesInSyncOrchestrator, AsyncUsesKind, AsyncUsesReach,
    Family, Kind, Kinded, SyncField, SyncFieldKind, SyncUses, SyncUsesKind, Unproven, UsesForAnyLifetime,
};
pub use crate::name::component_name;
pub use crate::nested::{Nested, NotAnOrchestrator, Probe};
pub use crate::parts::{
    ComponentField, DerivedOrchestrator, FieldKind, HookError, Step, StepResult, SyncComponents, SyncHookResult,
    UsesField, status_of,
};
pub use crate::run::{cleanup, drop_cleanup, initialize, status};
pub use crate::{
    __check_timeout, __component_key_traits, __component_keys, __coordinate, __key_index, __kind, __nested,
    __nested_message, __not_a_component,
};
pub use crate::{
    AsyncComponent, AsyncOrchestrator, AsyncUses, CleanupError, Component, ComponentError, ComponentName, ComponentOf,
    FromConfig, Health, InitError, Lifecycle, NotReady, Orchestrator, State, Status, StatusHandle, Uses,
};
#[cfg(feature = "tokio")]
pub use crate::{CallError, Client, Emits, Handles, Link, Sink};
pub use std::boxed::Box;
pub use std::vec;
pub use std::vec::Vec;
