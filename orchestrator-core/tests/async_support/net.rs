//! `Net<G>`: a hand-written async orchestrator (what the derive generates) over one of the
//! dependency graphs of [`GRAPHS`], whose components each guard a *resource*: the resource
//! records `init` when a component's `init` completes successfully and `cleanup` when its
//! `cleanup` completes (successfully, with an error, or with a panic: each is the one cleanup
//! that `init` gets). Every step yields a scripted number of times first, so that the futures of
//! one level finish in interleaved order and a caller can drop the lifecycle call between any
//! two polls.
//!
//! The invariant the cancellation tests check on every resource: its events alternate
//! `init`, `cleanup`, `init`, ... (never initialized twice without a cleanup, never cleaned up
//! without an init).

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use super::yield_now;
use orchestrator_core::__private_0_1_0 as p;
use orchestrator_core::{AsyncComponent, ComponentError, Graph, Lifecycle};

/// A dependency graph: component names in initialization order, and per component the indices
/// of the components it comes after.
pub struct Shape {
    pub name: &'static str,
    pub components: &'static [&'static str],
    pub dependencies: &'static [&'static [usize]],
}

/// The graphs the tests run over: a chain, one wide level, a diamond, and two mixed shapes.
pub const GRAPHS: [Shape; 5] = [
    Shape { name: "chain", components: &["a", "b", "c", "d"], dependencies: &[&[], &[0], &[1], &[2]] },
    Shape { name: "wide", components: &["a", "b", "c", "d", "e"], dependencies: &[&[], &[], &[], &[], &[]] },
    Shape { name: "diamond", components: &["a", "b", "c", "d"], dependencies: &[&[], &[0], &[0], &[1, 2]] },
    Shape {
        name: "mixed",
        components: &["a", "b", "c", "d", "e", "f"],
        dependencies: &[&[], &[], &[0], &[0, 1], &[], &[2, 3]],
    },
    Shape { name: "pairs", components: &["a", "b", "c", "d"], dependencies: &[&[], &[], &[0, 1], &[0, 1]] },
];

/// The most components of any graph.
pub const MAX: usize = 6;

/// What a step does once it has yielded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Act {
    #[default]
    Ok,
    Fail,
    Panic,
}

/// The script of one component (or of the register hook): what each step does, and how many
/// times it yields first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Script {
    pub init: Act,
    pub cleanup: Act,
    pub init_yields: u8,
    pub cleanup_yields: u8,
}

/// What a resource saw, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Init,
    Cleanup,
}

/// The events of every resource of a `Net`, shared with its components, and a journal of
/// every step's start and end in the order they happened.
#[derive(Clone, Default)]
pub struct Resources(Arc<Mutex<Vec<Vec<Event>>>>, Arc<Mutex<Vec<(usize, Mark)>>>);

/// A journal entry: a step started, or finished (successfully for `init`; in any way for
/// `cleanup`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    InitStart,
    Init,
    CleanupStart,
    Cleanup,
}

impl Resources {
    fn push(&self, index: usize, event: Event) {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if all.len() <= index {
            all.resize(index + 1, Vec::new());
        }
        all[index].push(event);
    }

    fn mark(&self, index: usize, mark: Mark) {
        self.1.lock().unwrap_or_else(|e| e.into_inner()).push((index, mark));
    }

    /// The journal, emptied.
    pub fn take_journal(&self) -> Vec<(usize, Mark)> {
        std::mem::take(&mut *self.1.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Each resource's events.
    pub fn events(&self, count: usize) -> Vec<Vec<Event>> {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        all.resize(count, Vec::new());
        all
    }

    /// `Ok` when every resource saw `init` and `cleanup` alternate, starting with `init`;
    /// else which one did not, and what it saw.
    pub fn check_alternation(&self, count: usize) -> Result<(), String> {
        for (index, events) in self.events(count).iter().enumerate() {
            for (at, event) in events.iter().enumerate() {
                let expected = if at % 2 == 0 { Event::Init } else { Event::Cleanup };
                if *event != expected {
                    return Err(format!("resource {index} saw {events:?}"));
                }
            }
        }
        Ok(())
    }

    /// Which resources are held (their last event is `init`).
    pub fn held(&self, count: usize) -> Vec<bool> {
        self.events(count).iter().map(|events| events.last() == Some(&Event::Init)).collect()
    }
}

/// One component: a resource guarded by scripted steps.
pub struct Res {
    pub index: usize,
    pub script: Script,
    pub resources: Resources,
}

impl AsyncComponent for Res {
    async fn init(&mut self) -> Result<(), ComponentError> {
        self.resources.mark(self.index, Mark::InitStart);
        for _ in 0..self.script.init_yields {
            yield_now().await;
        }
        match self.script.init {
            Act::Ok => {
                self.resources.push(self.index, Event::Init);
                self.resources.mark(self.index, Mark::Init);
                Ok(())
            }
            Act::Fail => Err(ComponentError::msg(format!("init {} failed", self.index))),
            Act::Panic => panic!("init {} panicked", self.index),
        }
    }

    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.resources.mark(self.index, Mark::CleanupStart);
        for _ in 0..self.script.cleanup_yields {
            yield_now().await;
        }
        // the one cleanup of the init, however it ends
        self.resources.push(self.index, Event::Cleanup);
        self.resources.mark(self.index, Mark::Cleanup);
        match self.script.cleanup {
            Act::Ok => Ok(()),
            Act::Fail => Err(ComponentError::msg(format!("cleanup {} failed", self.index))),
            Act::Panic => panic!("cleanup {} panicked", self.index),
        }
    }
}

/// An orchestrator over `GRAPHS[G]`.
pub struct Net<const G: usize> {
    pub parts: Vec<Res>,
    /// What the register hook does (`init`) and how often it yields (`init_yields`).
    pub hook: Script,
    pub resources: Resources,
    pub lifecycle: Lifecycle,
}

impl<const G: usize> Net<G> {
    pub const SHAPE: &'static Shape = &GRAPHS[G];

    pub fn new() -> Self {
        let resources = Resources::default();
        let parts = (0..Self::SHAPE.components.len())
            .map(|index| Res { index, script: Script::default(), resources: resources.clone() })
            .collect();
        Self { parts, hook: Script::default(), resources, lifecycle: Lifecycle::default() }
    }

    pub fn count(&self) -> usize {
        self.parts.len()
    }

    /// Sets every component's script.
    pub fn script(&mut self, scripts: &[Script]) {
        for (part, script) in self.parts.iter_mut().zip(scripts) {
            part.script = *script;
        }
    }

    async fn wire(&mut self) -> Result<(), ComponentError> {
        for _ in 0..self.hook.init_yields {
            yield_now().await;
        }
        match self.hook.init {
            Act::Ok => Ok(()),
            Act::Fail => Err(ComponentError::msg("register failed")),
            Act::Panic => panic!("register panicked"),
        }
    }

    /// Whether a coordination method would run now.
    pub fn accepts_calls(&self) -> bool {
        p::Call::new("Net", "coordinate").ready(&self.lifecycle).is_ok()
    }
}

impl<const G: usize> p::DerivedOrchestrator for Net<G> {
    const NAME: &'static str = "Net";
    const COMPONENTS: &'static [&'static str] = GRAPHS[G].components;
    const DEPENDENCIES: &'static [&'static [usize]] = GRAPHS[G].dependencies;
    const TYPES: &'static [&'static str] = &["Res", "Res", "Res", "Res", "Res", "Res"];
    const REGISTER: &'static str = "wire";
    fn lifecycle(&self) -> &p::Lifecycle {
        &self.lifecycle
    }
    fn lifecycle_mut(&mut self) -> &mut p::Lifecycle {
        &mut self.lifecycle
    }
}

impl<const G: usize> p::AsyncComponents for Net<G> {
    fn split(&mut self) -> (&mut p::Lifecycle, p::Vec<&mut dyn p::DynAsyncComponent>) {
        (&mut self.lifecycle, self.parts.iter_mut().map(|part| part as &mut dyn p::DynAsyncComponent).collect())
    }
    fn component(&self, index: usize) -> Option<&dyn p::DynAsyncComponent> {
        self.parts.get(index).map(|part| part as &dyn p::DynAsyncComponent)
    }
    fn register(&mut self) -> p::BoxFuture<'_, Result<(), p::ComponentError>> {
        Box::pin(self.wire())
    }
}

/// An async orchestrator over a dependency graph built at run time (leaked, so that it is
/// `'static` like the derive's constants): for properties over random graphs.
pub struct DynNet {
    pub graph: Graph,
    pub parts: Vec<Res>,
    pub resources: Resources,
    pub lifecycle: Lifecycle,
}

/// Component names for [`DynNet`].
pub const DYN_NAMES: [&str; 12] = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11"];

impl DynNet {
    /// An orchestrator of `dependencies.len()` components (at most 12); component `i` comes
    /// after each of `dependencies[i]` (all smaller than `i`).
    pub fn new(dependencies: &[Vec<usize>]) -> Self {
        let count = dependencies.len();
        let dependencies: Vec<&'static [usize]> =
            dependencies.iter().map(|deps| &*Box::leak(deps.clone().into_boxed_slice())).collect();
        let graph = Graph::new("DynNet", &DYN_NAMES[..count], Box::leak(dependencies.into_boxed_slice()));
        let resources = Resources::default();
        let parts =
            (0..count).map(|index| Res { index, script: Script::default(), resources: resources.clone() }).collect();
        Self { graph, parts, resources, lifecycle: Lifecycle::default() }
    }

    /// Whether a coordination method would run now.
    pub fn accepts_calls(&self) -> bool {
        p::Call::new("DynNet", "coordinate").ready(&self.lifecycle).is_ok()
    }
}

impl p::DerivedOrchestrator for DynNet {
    const NAME: &'static str = "DynNet";
    const COMPONENTS: &'static [&'static str] = &DYN_NAMES;
    const TYPES: &'static [&'static str] = &["Res"; 12];
    fn graph(&self) -> Graph {
        self.graph
    }
    fn lifecycle(&self) -> &p::Lifecycle {
        &self.lifecycle
    }
    fn lifecycle_mut(&mut self) -> &mut p::Lifecycle {
        &mut self.lifecycle
    }
}

impl p::AsyncComponents for DynNet {
    fn split(&mut self) -> (&mut p::Lifecycle, p::Vec<&mut dyn p::DynAsyncComponent>) {
        (&mut self.lifecycle, self.parts.iter_mut().map(|part| part as &mut dyn p::DynAsyncComponent).collect())
    }
    fn component(&self, index: usize) -> Option<&dyn p::DynAsyncComponent> {
        self.parts.get(index).map(|part| part as &dyn p::DynAsyncComponent)
    }
}

/// Polls `future` at most `polls` times (with a waker that does nothing: every step wakes
/// itself and is polled again anyway), then drops it. Returns its output if it finished.
pub fn poll_times<F: Future>(future: F, polls: usize) -> Option<F::Output> {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..polls {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return Some(output);
        }
    }
    None
}

/// How many polls `future` needs to finish (at most `limit`).
pub fn polls_to_finish<F: Future>(future: F, limit: usize) -> usize {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for polls in 1..=limit {
        if future.as_mut().poll(&mut cx).is_ready() {
            return polls;
        }
    }
    panic!("the future did not finish within {limit} polls");
}
