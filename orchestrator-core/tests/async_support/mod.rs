//! Shared pieces of the async lifecycle tests: a std-only `block_on`, scripted components, and
//! `Four`, a hand-written async orchestrator (what the derive generates) with the shape
//!
//! ```text
//! a (level 0) ──> c (level 1) ──> d (level 2)
//! b (level 0) ──────────────────> d
//! ```
//!
//! `a`, `b`, `c` are async components; `d` is a sync `Component` sitting in the async
//! orchestrator. `M` chooses the per-component timeouts.
#![allow(dead_code)]

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::task::Poll;

pub mod net;

#[path = "executor.rs"]
mod executor;

// Each test crate uses a part of this module.
#[allow(unused_imports)]
pub use executor::{block_on, block_on_deadline};
use orchestrator_core::__private_0_1_0 as p;
use orchestrator_core::{AsyncComponent, Component, ComponentError, Health, Lifecycle};

/// Returns `Pending` once (waking itself), then `Ready`: lets the other futures of a join run.
pub async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(move |cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await;
}

/// What a scripted step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Behavior {
    /// Succeeds (after yielding once).
    #[default]
    Ok,
    /// Returns an error (after yielding once).
    Fail,
    /// Panics while polled (after yielding once).
    Panic,
    /// Panics before returning its future.
    PanicEarly,
    /// Never finishes (for timeouts).
    Hang,
}

/// The events of a test, shared by its components.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn push(&self, event: String) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(event);
    }
    pub fn all(&self) -> Vec<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
    /// Only the finished steps (`"init a"`, `"cleanup c"`), in order.
    pub fn done(&self) -> Vec<String> {
        self.all().into_iter().filter(|e| !e.ends_with(" start")).collect()
    }
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

async fn scripted(log: Log, phase: &'static str, name: &'static str, behavior: Behavior) -> Result<(), ComponentError> {
    log.push(format!("{phase} {name} start"));
    yield_now().await;
    match behavior {
        Behavior::Ok => {
            log.push(format!("{phase} {name}"));
            Ok(())
        }
        Behavior::Fail => Err(ComponentError::msg(format!("{name} {phase} failed"))),
        Behavior::Panic | Behavior::PanicEarly => panic!("{name} {phase} panicked"),
        Behavior::Hang => std::future::pending().await,
    }
}

/// An async component driven by a script: a type of this crate that is not a `Component`
/// (so implementing `AsyncComponent` for it downstream must compile).
pub struct Step {
    pub name: &'static str,
    pub log: Log,
    pub init: Behavior,
    pub cleanup: Behavior,
    pub health: Health,
}

impl Step {
    pub fn new(name: &'static str, log: &Log) -> Self {
        Self { name, log: log.clone(), init: Behavior::Ok, cleanup: Behavior::Ok, health: Health::Healthy }
    }
}

impl AsyncComponent for Step {
    fn init(&mut self) -> impl Future<Output = Result<(), ComponentError>> + Send {
        assert!(self.init != Behavior::PanicEarly, "{} init panicked early", self.name);
        scripted(self.log.clone(), "init", self.name, self.init)
    }

    fn cleanup(&mut self) -> impl Future<Output = Result<(), ComponentError>> + Send {
        assert!(self.cleanup != Behavior::PanicEarly, "{} cleanup panicked early", self.name);
        scripted(self.log.clone(), "cleanup", self.name, self.cleanup)
    }

    fn health(&self) -> Health {
        assert!(self.health != Health::Unknown, "{} health panicked", self.name);
        self.health.clone()
    }
}

/// A sync component driven by a script (`Hang` is not supported: it would block).
pub struct SyncStep {
    pub name: &'static str,
    pub log: Log,
    pub init: Behavior,
    pub cleanup: Behavior,
}

impl SyncStep {
    pub fn new(name: &'static str, log: &Log) -> Self {
        Self { name, log: log.clone(), init: Behavior::Ok, cleanup: Behavior::Ok }
    }

    fn run(&self, phase: &str, behavior: Behavior) -> Result<(), ComponentError> {
        self.log.push(format!("{phase} {} start", self.name));
        match behavior {
            Behavior::Ok | Behavior::Hang => {
                self.log.push(format!("{phase} {}", self.name));
                Ok(())
            }
            Behavior::Fail => Err(ComponentError::msg(format!("{} {phase} failed", self.name))),
            Behavior::Panic | Behavior::PanicEarly => panic!("{} {phase} panicked", self.name),
        }
    }
}

impl Component for SyncStep {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.run("init", self.init)
    }

    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.run("cleanup", self.cleanup)
    }
}

/// The per-component timeouts of a [`Four`].
pub trait Timeouts: Send {
    const MS: &'static [Option<u64>];
}

/// No timeout.
pub struct NoTimeouts;

impl Timeouts for NoTimeouts {
    const MS: &'static [Option<u64>] = &[];
}

/// The config of [`Four`]: what its register hook does.
#[derive(Debug, Default)]
pub struct FourConfig {
    pub register: Behavior,
}

pub struct Four<M: Timeouts = NoTimeouts> {
    pub config: FourConfig,
    pub a: Step,
    pub b: Step,
    pub c: Step,
    pub d: SyncStep,
    pub lifecycle: Lifecycle,
    pub log: Log,
    pub timeouts: PhantomData<M>,
}

impl<M: Timeouts> Four<M> {
    pub fn new() -> Self {
        let log = Log::default();
        Self {
            config: FourConfig::default(),
            a: Step::new("a", &log),
            b: Step::new("b", &log),
            c: Step::new("c", &log),
            d: SyncStep::new("d", &log),
            lifecycle: Lifecycle::default(),
            log,
            timeouts: PhantomData,
        }
    }

    /// The register hook (`#[orchestrator(register = Self::wire)]`).
    async fn wire(&mut self) -> Result<(), ComponentError> {
        scripted(self.log.clone(), "register", "wire", self.config.register).await
    }
}

impl<M: Timeouts> fmt::Debug for Four<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Four").field("lifecycle", &self.lifecycle).finish_non_exhaustive()
    }
}

// What the derive generates (see the module docs of `orchestrator_core::asynchronous`).
const _: () = {
    #[automatically_derived]
    impl<M: Timeouts> p::DerivedOrchestrator for Four<M> {
        const NAME: &'static str = "Four";
        const COMPONENTS: &'static [&'static str] = &["a", "b", "c", "d"];
        const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[], &[0], &[1, 2]];
        const TYPES: &'static [&'static str] = &["Step", "Step", "Step", "SyncStep"];
        const REGISTER: &'static str = "wire";
        fn config(&self) -> ::core::option::Option<&dyn ::core::fmt::Debug> {
            ::core::option::Option::Some(&self.config)
        }
        fn lifecycle(&self) -> &p::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut p::Lifecycle {
            &mut self.lifecycle
        }
    }

    impl<M: Timeouts> p::AsyncComponents for Four<M> {
        const TIMEOUTS_MS: &'static [::core::option::Option<u64>] = M::MS;

        fn split(&mut self) -> (&mut p::Lifecycle, p::Vec<&mut dyn p::DynAsyncComponent>) {
            (&mut self.lifecycle, p::vec![&mut self.a, &mut self.b, &mut self.c, &mut self.d])
        }
        fn component(&self, index: usize) -> ::core::option::Option<&dyn p::DynAsyncComponent> {
            match index {
                0 => ::core::option::Option::Some(&self.a),
                1 => ::core::option::Option::Some(&self.b),
                2 => ::core::option::Option::Some(&self.c),
                3 => ::core::option::Option::Some(&self.d),
                _ => ::core::option::Option::None,
            }
        }
        fn register(&mut self) -> p::BoxFuture<'_, ::core::result::Result<(), p::ComponentError>> {
            p::Box::pin(Self::wire(self))
        }
    }
};
