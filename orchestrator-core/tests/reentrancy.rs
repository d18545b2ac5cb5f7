//! A lifecycle call never re-enters itself: a register hook that calls `initialize()` or
//! `cleanup()` of its own orchestrator (sync or async) gets a `Reentrant` error, no component is
//! initialized or cleaned up twice, and nothing recurses.

mod async_support;

use std::sync::{Arc, Mutex};

use async_support::block_on;
use orchestrator_core::__private_0_1_0 as p;
use orchestrator_core::{
    AsyncOrchestrator, Component, ComponentError, Lifecycle, Orchestrator, Phase, Reentrant, State,
};

/// What the register hook does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hook {
    /// Calls `initialize()` and returns its error with `?`.
    InitializePropagate,
    /// Calls `initialize()`, checks the error and carries on.
    InitializeIgnore,
    /// Calls `cleanup()` and returns its error with `?`.
    CleanupPropagate,
}

type Calls = Arc<Mutex<Vec<String>>>;

struct Counted {
    name: &'static str,
    calls: Calls,
}

impl Component for Counted {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.calls.lock().unwrap().push(format!("init {}", self.name));
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.calls.lock().unwrap().push(format!("cleanup {}", self.name));
        Ok(())
    }
}

/// A sync orchestrator of two components whose hook misbehaves as told.
struct Loop {
    a: Counted,
    b: Counted,
    hook: Hook,
    /// What the hook's own call returned (its Display), to check it.
    seen: Option<String>,
    calls: Calls,
    lifecycle: Lifecycle,
}

impl Loop {
    fn new(hook: Hook) -> Self {
        let calls = Calls::default();
        Self {
            a: Counted { name: "a", calls: calls.clone() },
            b: Counted { name: "b", calls: calls.clone() },
            hook,
            seen: None,
            calls,
            lifecycle: Lifecycle::default(),
        }
    }

    fn wire(&mut self) -> Result<(), ComponentError> {
        match self.hook {
            Hook::InitializePropagate => self.initialize()?,
            Hook::InitializeIgnore => {
                let err = self.initialize().expect_err("re-entrant initialize");
                assert!(err.cause().downcast_ref::<Reentrant>().is_some(), "{err}");
                self.seen = Some(err.to_string());
            }
            Hook::CleanupPropagate => self.cleanup()?,
        }
        Ok(())
    }

    fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }
}

impl p::DerivedOrchestrator for Loop {
    const NAME: &'static str = "Loop";
    const COMPONENTS: &'static [&'static str] = &["a", "b"];
    const TYPES: &'static [&'static str] = &["Counted", "Counted"];
    const REGISTER: &'static str = "wire";
    fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }
    fn lifecycle_mut(&mut self) -> &mut Lifecycle {
        &mut self.lifecycle
    }
}

impl p::SyncComponents for Loop {
    fn component(&self, index: usize) -> Option<&dyn Component> {
        match index {
            0 => Some(&self.a),
            1 => Some(&self.b),
            _ => None,
        }
    }
    fn step(&mut self, index: usize, step: p::Step) -> p::StepResult {
        let component = match index {
            0 => &mut self.a,
            1 => &mut self.b,
            _ => return Ok(()),
        };
        match step {
            p::Step::Init => component.init(),
            p::Step::Cleanup => component.cleanup(),
        }
    }
    fn register(&mut self) -> p::StepResult {
        self.wire()
    }
}

#[test]
fn sync_hook_calling_initialize_fails_the_start_once_without_recursing() {
    let mut l = Loop::new(Hook::InitializePropagate);
    let err = l.initialize().expect_err("the hook's error stops the start");
    assert_eq!((err.component(), err.phase()), ("wire", Phase::Register));
    assert!(err.to_string().starts_with("Loop: register hook `wire` failed: `Loop::initialize()` called"), "{err}");
    assert_eq!(
        err.cause().to_string(),
        "`Loop::initialize()` called while `Loop` is initializing (its register hook runs inside initialize()): a lifecycle call never runs inside another of the same orchestrator; `Loop` is Ready once the hook returns"
    );
    assert_eq!(l.calls(), ["init a", "init b", "cleanup b", "cleanup a"], "each component once, rolled back once");
    assert_eq!(l.state(), State::Failed);
}

#[test]
fn sync_hook_may_check_the_reentrant_error_and_carry_on() {
    let mut l = Loop::new(Hook::InitializeIgnore);
    l.initialize().unwrap();
    assert_eq!(l.state(), State::Ready);
    assert_eq!(l.calls(), ["init a", "init b"]);
    assert!(l.seen.as_deref().is_some_and(|s| s.contains("never runs inside another")), "{:?}", l.seen);
    l.cleanup().unwrap();
    assert_eq!(l.calls(), ["init a", "init b", "cleanup b", "cleanup a"]);
}

#[test]
fn sync_hook_calling_cleanup_cleans_nothing_twice() {
    let mut l = Loop::new(Hook::CleanupPropagate);
    let err = l.initialize().unwrap_err();
    assert!(err.to_string().contains("`Loop::cleanup()` called while `Loop` is initializing"), "{err}");
    assert_eq!(l.calls(), ["init a", "init b", "cleanup b", "cleanup a"]);
    assert_eq!(l.state(), State::Failed);
    assert_eq!(l.status().last_failure.map(|f| (f.component, f.phase)), Some(("wire", Phase::Register)));
}

/// The async form: the same components in an async orchestrator whose async hook misbehaves.
struct AsyncLoop {
    inner: Loop,
}

impl AsyncLoop {
    async fn wire(&mut self) -> Result<(), ComponentError> {
        match self.inner.hook {
            Hook::InitializePropagate => self.initialize().await?,
            Hook::InitializeIgnore => {
                let err = self.initialize().await.expect_err("re-entrant initialize");
                assert!(err.cause().downcast_ref::<Reentrant>().is_some(), "{err}");
                // the hook is running: coordination is allowed, the orchestrator not yet Ready
                assert!(p::Call::new("AsyncLoop", "m").ready(&self.inner.lifecycle).is_ok());
                assert_eq!(self.state(), State::Starting);
            }
            Hook::CleanupPropagate => self.cleanup().await?,
        }
        Ok(())
    }
}

impl p::DerivedOrchestrator for AsyncLoop {
    const NAME: &'static str = "AsyncLoop";
    const COMPONENTS: &'static [&'static str] = &["a", "b"];
    const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[0]];
    const TYPES: &'static [&'static str] = &["Counted", "Counted"];
    const REGISTER: &'static str = "wire";
    fn lifecycle(&self) -> &Lifecycle {
        &self.inner.lifecycle
    }
    fn lifecycle_mut(&mut self) -> &mut Lifecycle {
        &mut self.inner.lifecycle
    }
}

impl p::AsyncComponents for AsyncLoop {
    fn split(&mut self) -> (&mut Lifecycle, Vec<&mut dyn p::DynAsyncComponent>) {
        (&mut self.inner.lifecycle, vec![&mut self.inner.a, &mut self.inner.b])
    }
    fn component(&self, index: usize) -> Option<&dyn p::DynAsyncComponent> {
        match index {
            0 => Some(&self.inner.a),
            1 => Some(&self.inner.b),
            _ => None,
        }
    }
    fn register(&mut self) -> p::BoxFuture<'_, p::StepResult> {
        Box::pin(self.wire())
    }
}

#[test]
fn async_hook_calling_initialize_fails_the_start_once_without_recursing() {
    let mut l = AsyncLoop { inner: Loop::new(Hook::InitializePropagate) };
    let err = block_on(l.initialize()).expect_err("the hook's error stops the start");
    assert_eq!((err.component(), err.phase()), ("wire", Phase::Register));
    assert!(err.to_string().contains("`AsyncLoop::initialize()` called while `AsyncLoop` is initializing"), "{err}");
    assert_eq!(l.inner.calls(), ["init a", "init b", "cleanup b", "cleanup a"]);
    assert_eq!(l.state(), State::Failed);
}

#[test]
fn async_hook_may_check_the_reentrant_error_and_carry_on() {
    let mut l = AsyncLoop { inner: Loop::new(Hook::InitializeIgnore) };
    block_on(l.initialize()).unwrap();
    assert_eq!(l.state(), State::Ready);
    assert_eq!(l.inner.calls(), ["init a", "init b"]);
    block_on(l.cleanup()).unwrap();
    assert_eq!(l.inner.calls(), ["init a", "init b", "cleanup b", "cleanup a"]);
}

#[test]
fn async_hook_calling_cleanup_cleans_nothing_twice() {
    let mut l = AsyncLoop { inner: Loop::new(Hook::CleanupPropagate) };
    let err = block_on(l.initialize()).unwrap_err();
    assert!(err.to_string().contains("`AsyncLoop::cleanup()` called while `AsyncLoop` is initializing"), "{err}");
    assert_eq!(l.inner.calls(), ["init a", "init b", "cleanup b", "cleanup a"]);
    assert_eq!(l.state(), State::Failed);
}
