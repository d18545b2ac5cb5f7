//! Facade crate: re-exports `orchestrator-core` and the macros.
#![forbid(unsafe_code)]

pub use orchestrator_core::*;
pub use orchestrator_macros::{Orchestrator, orchestrate};

#[doc(hidden)]
pub use orchestrator_core::__private;

/// `use orchestrator::prelude::*;` brings the derive, the attribute and the common types.
pub mod prelude {
    pub use orchestrator_core::prelude::*;
    pub use orchestrator_macros::{Orchestrator, orchestrate};
}
