//! A recording test orchestrator with a hand-written `DerivedOrchestrator` impl: exactly what
//! `#[derive(Orchestrator)]` generates, so these tests exercise the runtime on its own.
//!
//! Each component logs `init a`, `cleanup a`, `health a` into a shared log and does what the
//! shared [`Plan`] tells it: succeed, return an error (with a source chain), or panic.
#![allow(dead_code)]

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use orchestrator_core::__private_0_1_0::{DerivedOrchestrator, Step, SyncComponents};
use orchestrator_core::{Component, ComponentError, Health, Lifecycle, Orchestrator, State};

/// Component names, in initialization order; an orchestrator of `N` components uses the first `N`.
pub const NAMES: &[&str] =
    &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"];
/// Component type names, as a derive would write them.
pub const TYPES: &[&str] = &[
    "ProbeA", "ProbeB", "ProbeC", "ProbeD", "ProbeE", "ProbeF", "ProbeG", "ProbeH", "ProbeI", "ProbeJ", "ProbeK",
    "ProbeL", "ProbeM", "ProbeN", "ProbeO", "ProbeP", "ProbeQ", "ProbeR", "ProbeS", "ProbeT",
];
/// The name of the test orchestrator's register hook.
pub const HOOK: &str = "wire";

/// What one step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Act {
    /// Returns `Ok(())`.
    #[default]
    Ok,
    /// Returns an error: [`ProbeError`], whose source is an `io::Error`.
    Fail,
    /// Panics with a `String` message.
    Panic,
}

/// What `health()` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HealthAct {
    #[default]
    Healthy,
    Degraded,
    Unhealthy,
    Panic,
}

/// What every step of every component does on the next calls.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub init: Vec<Act>,
    pub cleanup: Vec<Act>,
    pub health: Vec<HealthAct>,
    pub register: Act,
}

impl Plan {
    /// Everything succeeds.
    pub fn ok(n: usize) -> Self {
        Self {
            init: vec![Act::Ok; n],
            cleanup: vec![Act::Ok; n],
            health: vec![HealthAct::Healthy; n],
            register: Act::Ok,
        }
    }
}

/// The shared call log.
pub type Log = Rc<RefCell<Vec<String>>>;

/// The error a failing step returns: `"<component> <phase> failed"`, caused by an `io::Error`.
#[derive(Debug)]
pub struct ProbeError {
    pub component: &'static str,
    pub phase: &'static str,
    pub source: std::io::Error,
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} failed", self.component, self.phase)
    }
}

impl std::error::Error for ProbeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn act(component: &'static str, phase: &'static str, what: Act) -> Result<(), ComponentError> {
    match what {
        Act::Ok => Ok(()),
        Act::Fail => Err(ProbeError { component, phase, source: std::io::Error::other("disk on fire") }.into()),
        Act::Panic => panic!("{component} {phase} panicked"),
    }
}

/// A recording component.
pub struct Probe {
    index: usize,
    log: Log,
    plan: Rc<RefCell<Plan>>,
}

impl Probe {
    fn name(&self) -> &'static str {
        NAMES[self.index]
    }
}

impl Component for Probe {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.log.borrow_mut().push(format!("init {}", self.name()));
        let what = self.plan.borrow().init.get(self.index).copied().unwrap_or_default();
        act(self.name(), "init", what)
    }

    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.log.borrow_mut().push(format!("cleanup {}", self.name()));
        let what = self.plan.borrow().cleanup.get(self.index).copied().unwrap_or_default();
        act(self.name(), "cleanup", what)
    }

    fn health(&self) -> Health {
        self.log.borrow_mut().push(format!("health {}", self.name()));
        match self.plan.borrow().health.get(self.index).copied().unwrap_or_default() {
            HealthAct::Healthy => Health::Healthy,
            HealthAct::Degraded => Health::Degraded("slow".into()),
            HealthAct::Unhealthy => Health::Unhealthy("down".into()),
            HealthAct::Panic => panic!("{} health panicked", self.name()),
        }
    }
}

/// The test orchestrator's config, shown in its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cfg {
    pub retries: u32,
    pub host: &'static str,
}

/// An orchestrator of `N` recording components named `a`, `b`, ... with a register hook `wire`.
pub struct Rec<const N: usize> {
    components: [Probe; N],
    config: Option<Cfg>,
    lifecycle: Lifecycle,
    pub log: Log,
    pub plan: Rc<RefCell<Plan>>,
}

impl<const N: usize> Rec<N> {
    /// Everything succeeds until the plan is changed.
    pub fn new() -> Self {
        let log = Log::default();
        let plan = Rc::new(RefCell::new(Plan::ok(N)));
        let components = std::array::from_fn(|index| Probe { index, log: Rc::clone(&log), plan: Rc::clone(&plan) });
        Self { components, config: None, lifecycle: Lifecycle::default(), log, plan }
    }

    /// With a config, shown in the status.
    pub fn with_config(config: Cfg) -> Self {
        Self { config: Some(config), ..Self::new() }
    }

    /// Changes the plan.
    pub fn plan(&self, change: impl FnOnce(&mut Plan)) {
        change(&mut self.plan.borrow_mut());
    }

    /// The log so far, emptied.
    pub fn take_log(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.borrow_mut())
    }

    /// Each component's state, from `status()`; the `health` calls it makes are left out of the log.
    pub fn states(&self) -> Vec<State> {
        let len = self.log.borrow().len();
        let states = self.status().components.iter().map(|c| c.state).collect();
        self.log.borrow_mut().truncate(len);
        states
    }
}

impl<const N: usize> Default for Rec<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> DerivedOrchestrator for Rec<N> {
    const NAME: &'static str = "Rec";
    const COMPONENTS: &'static [&'static str] = NAMES.split_at(N).0;
    const TYPES: &'static [&'static str] = TYPES.split_at(N).0;
    const REGISTER: &'static str = HOOK;

    fn config(&self) -> Option<&dyn fmt::Debug> {
        self.config.as_ref().map(|c| c as &dyn fmt::Debug)
    }
    fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }
    fn lifecycle_mut(&mut self) -> &mut Lifecycle {
        &mut self.lifecycle
    }
}

impl<const N: usize> SyncComponents for Rec<N> {
    fn component(&self, index: usize) -> Option<&dyn Component> {
        self.components.get(index).map(|c| c as &dyn Component)
    }

    fn step(&mut self, index: usize, step: Step) -> Result<(), ComponentError> {
        let component: Option<&mut dyn Component> = { self.components.get_mut(index).map(|c| c as &mut dyn Component) };
        match (component, step) {
            (Some(c), Step::Init) => c.init(),
            (Some(c), Step::Cleanup) => c.cleanup(),
            (None, _) => Ok(()),
        }
    }

    fn register(&mut self) -> Result<(), ComponentError> {
        self.log.borrow_mut().push(HOOK.to_owned());
        let what = self.plan.borrow().register;
        act(HOOK, "register", what)
    }
}

/// `["init a", "init b"]` from `("init", &["a", "b"])`.
pub fn calls(what: &str, names: &[&str]) -> Vec<String> {
    names.iter().map(|n| format!("{what} {n}")).collect()
}

/// `["cleanup b", "cleanup a"]`: `what` on `names` in reverse.
pub fn calls_rev(what: &str, names: &[&str]) -> Vec<String> {
    names.iter().rev().map(|n| format!("{what} {n}")).collect()
}
