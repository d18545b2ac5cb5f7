//! The async lifecycle, written once: every derived async orchestrator's `initialize`,
//! `cleanup` and `status` are these functions.

use core::future::Future;
use std::time::Instant;

use super::component::{BoxFuture, DynAsyncComponent};
use super::join::{guarded, join_all};
use super::parts::AsyncParts;
use super::timeout::with_timeout;
use crate::lifecycle::Slot;
use crate::{CleanupError, ComponentError, Failure, Graph, InitError, Phase, State, Status, trace};

/// Each component's dependency level, in initialization order.
fn levels<T: AsyncParts + ?Sized>() -> Vec<usize> {
    Graph::new(T::NAME, T::COMPONENTS, T::DEPENDENCIES).levels()
}

fn name<T: AsyncParts + ?Sized>(index: usize) -> &'static str {
    T::COMPONENTS.get(index).copied().unwrap_or("?")
}

/// The future of one component's `init` or `cleanup`, panics while building it caught, with
/// the component's timeout if it has one.
fn step<'a, T: AsyncParts + ?Sized>(
    component: &'a mut dyn DynAsyncComponent,
    index: usize,
    phase: Phase,
) -> BoxFuture<'a, Result<(), ComponentError>> {
    let future = guarded(|| match phase {
        Phase::Cleanup => component.dyn_cleanup(),
        _ => component.dyn_init(),
    });
    match T::TIMEOUTS_MS.get(index).copied().flatten() {
        Some(ms) => with_timeout(future, ms),
        None => future,
    }
}

#[cfg(feature = "tracing")]
fn traced<F: Future>(orchestrator: &'static str, call: &'static str, future: F) -> impl Future<Output = F::Output> {
    tracing::Instrument::instrument(future, tracing::info_span!("lifecycle", orchestrator, call))
}

#[cfg(not(feature = "tracing"))]
fn traced<F: Future>(orchestrator: &'static str, call: &'static str, future: F) -> F {
    let _ = (orchestrator, call);
    future
}

/// `AsyncOrchestrator::initialize` of a derived async orchestrator.
///
/// # Errors
/// The failing (or panicking, or timed-out) `init` or register hook, with the rollback's errors.
/// When several components of one level fail, the cause is the first of them in
/// initialization order; the others are traced and show as `Failed` in the status.
pub async fn initialize_async<T: AsyncParts + ?Sized>(this: &mut T) -> Result<(), InitError> {
    if this.lifecycle().state() == State::Ready {
        return Ok(());
    }
    traced(T::NAME, "initialize", run_initialize(this)).await
}

async fn run_initialize<T: AsyncParts + ?Sized>(this: &mut T) -> Result<(), InitError> {
    let levels = levels::<T>();
    // An earlier `initialize()` future dropped midway (cancelled) may have left components
    // `Ready`: clean them up first, so that no component is initialized twice without a
    // cleanup in between. Their errors are traced; they do not stop this start.
    // A register hook cancelled midway leaves the flag set: clear it.
    this.lifecycle_mut().set_registering(false);
    let _ = clean_up(this, &levels).await;
    let top = levels.iter().copied().max().unwrap_or(0);
    for level in 0..=top {
        if let Some((index, cause)) = init_level(this, &levels, level).await {
            return Err(fail(this, &levels, name::<T>(index), Phase::Init, cause).await);
        }
    }
    let start = Instant::now();
    this.lifecycle_mut().set_registering(true);
    let hook = guarded(|| this.register());
    let outcome = join_all(vec![hook]).await.pop();
    this.lifecycle_mut().set_registering(false);
    if let Some((Err(cause), _)) = outcome {
        trace::failed(T::NAME, T::REGISTER, Phase::Register, start.elapsed(), &cause);
        return Err(fail(this, &levels, T::REGISTER, Phase::Register, cause).await);
    }
    this.lifecycle_mut().set_state(State::Ready);
    trace::finished(T::NAME, "initialize", true);
    Ok(())
}

/// Initializes every component of `level` concurrently and records each outcome; returns the
/// first failure in initialization order, after every future of the level has finished.
async fn init_level<T: AsyncParts + ?Sized>(
    this: &mut T,
    levels: &[usize],
    level: usize,
) -> Option<(usize, ComponentError)> {
    let start = Instant::now();
    let (lifecycle, components) = this.split();
    let mut indices = Vec::new();
    let mut futures = Vec::new();
    for (index, component) in components.into_iter().enumerate() {
        if levels.get(index) == Some(&level) {
            indices.push(index);
            futures.push(step::<T>(component, index, Phase::Init));
        }
    }
    let outcomes = join_all(futures).await;
    let mut first = None;
    for (index, (result, done)) in indices.into_iter().zip(outcomes) {
        let elapsed = done.saturating_duration_since(start);
        let slot = lifecycle.slot_mut(index);
        match result {
            Ok(()) => {
                *slot = Slot { state: State::Ready, init_time: Some(elapsed) };
                trace::step(T::NAME, name::<T>(index), Phase::Init, elapsed);
            }
            Err(cause) => {
                slot.state = State::Failed;
                trace::failed(T::NAME, name::<T>(index), Phase::Init, elapsed, &cause);
                if first.is_none() {
                    first = Some((index, cause));
                }
            }
        }
    }
    first
}

/// Rolls back every `Ready` component and builds the error.
async fn fail<T: AsyncParts + ?Sized>(
    this: &mut T,
    levels: &[usize],
    component: &'static str,
    phase: Phase,
    cause: ComponentError,
) -> InitError {
    let rollback = clean_up(this, levels).await;
    this.lifecycle_mut().set_state(State::Failed);
    trace::finished(T::NAME, "initialize", false);
    InitError::new(T::NAME, component, phase, cause, rollback)
}

/// Cleans up every `Ready` component, level by level from the deepest, the components of one
/// level concurrently. Returns the failures level by level in that order and, within a level,
/// in reverse initialization order (so for a chain of dependencies, exactly the sync order).
async fn clean_up<T: AsyncParts + ?Sized>(this: &mut T, levels: &[usize]) -> Vec<Failure> {
    let mut failures = Vec::new();
    let top = levels.iter().copied().max().unwrap_or(0);
    for level in (0..=top).rev() {
        let start = Instant::now();
        let (lifecycle, components) = this.split();
        let mut indices = Vec::new();
        let mut futures = Vec::new();
        for (index, component) in components.into_iter().enumerate() {
            if levels.get(index) == Some(&level) && lifecycle.slot(index).state == State::Ready {
                indices.push(index);
                futures.push(step::<T>(component, index, Phase::Cleanup));
            }
        }
        if futures.is_empty() {
            continue;
        }
        let outcomes = join_all(futures).await;
        for (index, (result, done)) in indices.into_iter().zip(outcomes).rev() {
            let elapsed = done.saturating_duration_since(start);
            let slot = lifecycle.slot_mut(index);
            match result {
                Ok(()) => {
                    slot.state = State::Stopped;
                    trace::step(T::NAME, name::<T>(index), Phase::Cleanup, elapsed);
                }
                Err(error) => {
                    slot.state = State::Failed;
                    trace::failed(T::NAME, name::<T>(index), Phase::Cleanup, elapsed, &error);
                    failures.push(Failure { component: name::<T>(index), error });
                }
            }
        }
    }
    failures
}

/// `AsyncOrchestrator::cleanup` of a derived async orchestrator.
///
/// # Errors
/// Every component whose `cleanup` failed, panicked or timed out, level by level from the
/// deepest and, within a level, in reverse initialization order; all the others still ran.
pub async fn cleanup_async<T: AsyncParts + ?Sized>(this: &mut T) -> Result<(), CleanupError> {
    if this.lifecycle().state() != State::Ready {
        return Ok(());
    }
    traced(T::NAME, "cleanup", async {
        let failures = clean_up(this, &levels::<T>()).await;
        this.lifecycle_mut().set_state(State::Stopped);
        trace::finished(T::NAME, "cleanup", failures.is_empty());
        if failures.is_empty() { Ok(()) } else { Err(CleanupError::new(T::NAME, failures)) }
    })
    .await
}

/// `AsyncOrchestrator::status` of a derived async orchestrator.
pub fn status_async<T: AsyncParts + ?Sized>(this: &T) -> Status {
    crate::run::snapshot(T::NAME, T::COMPONENTS, T::TYPES, this.lifecycle(), this.config(), |index| {
        this.component(index).map(|component| component.dyn_health())
    })
}
