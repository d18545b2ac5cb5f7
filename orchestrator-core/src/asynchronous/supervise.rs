//! Supervision, what [`Supervise::run`](crate::Supervise::run) (in `serve.rs`) follows: it initializes,
//! watches health at an interval, restarts what fails under a [`Supervision`] policy with a
//! restart intensity and backoff, and on shutdown cleans up within the deadline, returning a
//! [`RunReport`] of how each component ended. Needs the `tokio` feature (its timers).
//!
//! What supervision does not do: it restarts components inside one process. It is not a
//! process manager (systemd, Kubernetes restart the process) nor a cluster (it knows nothing of
//! other machines); past its restart budget it gives up and returns, and the process decides.

use core::fmt;
use core::future::{Future, poll_fn};
use core::pin::pin;
use core::task::Poll;
use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

use super::policy::RestartPolicy;
use super::timeout::TimedOut;
use crate::{ComponentError, ComponentName, Health, InitError, RestartError};

/// The delay before a restart: exponential with a cap and jitter, as Kubernetes' crash-loop
/// backoff. Attempt `n` (0 for the first restart of a component, reset once it has run for
/// `reset_after` without a restart) waits `min(cap, base × factor^n)`, times a random factor
/// within `1 ± jitter`.
///
/// ```
/// use std::time::Duration;
/// use orchestrator::Backoff;
/// let backoff = Backoff::default();
/// assert_eq!(backoff.delay(0, 0.0), Duration::from_millis(100));
/// assert_eq!(backoff.delay(3, 0.0), Duration::from_millis(800));
/// assert_eq!(backoff.delay(40, 0.0), Duration::from_secs(30)); // capped
/// assert_eq!(backoff.delay(0, 1.0), Duration::from_millis(110)); // +10% jitter
/// ```
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    /// The first delay. Default: 100 ms.
    pub base: Duration,
    /// The growth per attempt. Default: 2.
    pub factor: f64,
    /// The longest delay. Default: 30 s.
    pub cap: Duration,
    /// The relative jitter, in `[0, 1)`. Default: 0.1 (±10%).
    pub jitter: f64,
    /// A component that runs this long without a restart starts again from attempt 0.
    /// Default: 60 s.
    pub reset_after: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base: Duration::from_millis(100),
            factor: 2.0,
            cap: Duration::from_secs(30),
            jitter: 0.1,
            reset_after: Duration::from_secs(60),
        }
    }
}

impl Backoff {
    /// The delay of attempt `attempt`, with `unit` in `[-1, 1]` choosing the jitter (`0`: none).
    #[must_use]
    pub fn delay(&self, attempt: u32, unit: f64) -> Duration {
        let exponent = i32::try_from(attempt).unwrap_or(i32::MAX);
        let nominal = self.base.as_secs_f64() * self.factor.powi(exponent);
        let capped = nominal.min(self.cap.as_secs_f64());
        let jittered = capped * (1.0 + self.jitter * unit.clamp(-1.0, 1.0));
        Duration::try_from_secs_f64(jittered.max(0.0)).unwrap_or(self.cap)
    }
}

/// How a supervised run watches and restarts its components. Built with defaults and changed
/// with its methods, typically from the service's configuration:
///
/// ```
/// use std::time::Duration;
/// use orchestrator::{RestartPolicy, Supervision};
/// let supervision = Supervision::new()
///     .check_every(Duration::from_millis(500))
///     .restart_policy(RestartPolicy::WithDependents)
///     .restart_policy_of("worker", RestartPolicy::Component)
///     .max_restarts(5, Duration::from_secs(60))
///     .shutdown_timeout(Duration::from_secs(10));
/// assert_eq!(supervision.interval(), Duration::from_millis(500));
/// ```
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
#[derive(Debug, Clone)]
pub struct Supervision {
    pub(crate) interval: Duration,
    pub(crate) policy: RestartPolicy,
    pub(crate) overrides: Vec<(String, RestartPolicy)>,
    pub(crate) max_restarts: u32,
    pub(crate) window: Duration,
    pub(crate) backoff: Backoff,
    pub(crate) shutdown_timeout: Option<Duration>,
    pub(crate) drain: Duration,
}

impl Default for Supervision {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(1),
            policy: RestartPolicy::WithDependents,
            overrides: Vec::new(),
            max_restarts: 3,
            window: Duration::from_secs(5),
            backoff: Backoff::default(),
            shutdown_timeout: Some(Duration::from_secs(30)),
            drain: Duration::ZERO,
        }
    }
}

impl Supervision {
    /// The defaults: health checked every second; an unhealthy component restarted with its
    /// dependents; at most 3 restarts in 5 s, then give up; [`Backoff::default`]; a shutdown
    /// deadline of 30 s (Kubernetes' default grace period); no drain delay.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// How often the components' health is checked (must not be zero).
    #[must_use]
    pub fn check_every(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The restart policy of every component without its own.
    #[must_use]
    pub fn restart_policy(mut self, policy: RestartPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The restart policy of the component `component`: a generated key (`ShopComponent::Db`)
    /// or a name as a string (from a configuration file), checked against the orchestrator's
    /// components when the run starts ([`SupervisionError::UnknownComponent`], with the closest
    /// name).
    #[must_use]
    pub fn restart_policy_of(mut self, component: impl ComponentName, policy: RestartPolicy) -> Self {
        let component = component.component_name();
        self.overrides.retain(|(name, _)| name != component);
        self.overrides.push((component.to_owned(), policy));
        self
    }

    /// The restart intensity: past `max` restarts within any `window`, the run gives up,
    /// cleans everything up and returns [`RunError::GaveUp`] (`max` must not be zero).
    #[must_use]
    pub fn max_restarts(mut self, max: u32, window: Duration) -> Self {
        self.max_restarts = max;
        self.window = window;
        self
    }

    /// The delay before each restart.
    #[must_use]
    pub fn backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// The deadline of the final `cleanup()` (`None`: no deadline); see
    /// [`AsyncOrchestrator::set_cleanup_timeout`](crate::AsyncOrchestrator::set_cleanup_timeout).
    #[must_use]
    pub fn shutdown_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.shutdown_timeout = timeout.into();
        self
    }

    /// How long readiness is off before the first cleanup once shutdown begins, so that a load
    /// balancer stops sending work first. Default: none.
    #[must_use]
    pub fn drain(mut self, delay: Duration) -> Self {
        self.drain = delay;
        self
    }

    /// The health check interval.
    #[must_use]
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// The restart policy of `component` (a generated key or a name).
    #[must_use]
    pub fn policy_of(&self, component: impl ComponentName) -> RestartPolicy {
        let component = component.component_name();
        self.overrides.iter().find(|(name, _)| name == component).map_or(self.policy, |(_, policy)| *policy)
    }

    /// Checks the settings against the orchestrator's components.
    pub(crate) fn check(
        &self,
        orchestrator: &'static str,
        components: &[&'static str],
    ) -> Result<(), SupervisionError> {
        if self.interval.is_zero() {
            return Err(SupervisionError::ZeroInterval);
        }
        if self.max_restarts == 0 {
            return Err(SupervisionError::ZeroRestarts);
        }
        if self.window.is_zero() {
            return Err(SupervisionError::ZeroWindow);
        }
        let b = &self.backoff;
        if !(b.factor >= 1.0 && b.factor.is_finite() && (0.0..1.0).contains(&b.jitter)) {
            return Err(SupervisionError::Backoff(*b));
        }
        for (name, _) in &self.overrides {
            if let Err(closest) = crate::name::find(components, name) {
                return Err(SupervisionError::UnknownComponent { orchestrator, name: name.clone(), closest });
            }
        }
        Ok(())
    }
}

/// Settings a supervised run refuses before it starts anything.
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SupervisionError {
    /// A health check interval of zero.
    ZeroInterval,
    /// A restart limit of zero: use `RestartPolicy` and a limit of at least one, or no
    /// supervision (call `initialize()` and `cleanup()` yourself).
    ZeroRestarts,
    /// A restart window of zero.
    ZeroWindow,
    /// A backoff whose factor is below 1 or whose jitter is outside `[0, 1)`.
    Backoff(Backoff),
    /// A per-component policy for a name that is no component.
    UnknownComponent {
        /// The orchestrator's name.
        orchestrator: &'static str,
        /// The name given.
        name: String,
        /// The component's name it most likely misspells, if one is close.
        closest: Option<&'static str>,
    },
}

impl fmt::Display for SupervisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SupervisionError::ZeroInterval => f.write_str("the health check interval is zero"),
            SupervisionError::ZeroRestarts => f.write_str("the restart limit is zero: allow at least one restart"),
            SupervisionError::ZeroWindow => f.write_str("the restart window is zero"),
            SupervisionError::Backoff(b) => {
                write!(
                    f,
                    "backoff factor {} (must be >= 1) or jitter {} (must be in [0, 1)) is invalid",
                    b.factor, b.jitter
                )
            }
            SupervisionError::UnknownComponent { orchestrator, name, closest } => {
                write!(f, "a restart policy names `{name}`, which is no component of `{orchestrator}`")?;
                crate::error::did_you_mean(f, *closest)
            }
        }
    }
}

impl std::error::Error for SupervisionError {}

/// How one component ended a supervised run.
///
/// Exits compare with `==`, so a test can write
/// `assert_eq!(report.exit(ShopComponent::Db), Some(&Exit::Stopped))`. The errors of
/// `Panicked` and `Failed` are equal when their messages, with their causes (`{:#}`), are
/// equal: a [`ComponentError`] holds any error and has no equality of its own, and the message
/// is what [`LastFailure`](crate::LastFailure) keeps of it too. So
/// `Exit::Failed(ComponentError::msg("disk full"))` equals the exit of a cleanup that failed
/// with an `io::Error` whose message is `disk full`; match on the variant and
/// `downcast_ref` the error to tell its type. `Exit` is not `Clone`, because `ComponentError`
/// is not (like `anyhow::Error` and `std::io::Error`, it owns an error of any type, and gives
/// it back with `into_inner`).
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
#[derive(Debug)]
pub enum Exit {
    /// Cleaned up by the run's ending (its shutdown, or the cleanup after giving up).
    Stopped,
    /// Not running when the run's ending began, so nothing to clean up: never started (a
    /// shutdown during the start), its init failed, or it was released by a restart that the
    /// shutdown cut short before it was initialized again.
    NotRunning,
    /// Its cleanup did not finish in time.
    TimedOut(TimedOut),
    /// Its cleanup panicked (the error standing for the panic, with its message).
    Panicked(ComponentError),
    /// Its cleanup returned an error.
    Failed(ComponentError),
}

impl Exit {
    /// Whether the component was cleaned up, or had nothing to clean up.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        matches!(self, Exit::Stopped | Exit::NotRunning)
    }
}

impl PartialEq for Exit {
    fn eq(&self, other: &Self) -> bool {
        let same = |a: &ComponentError, b: &ComponentError| format!("{a:#}") == format!("{b:#}");
        match (self, other) {
            (Exit::Stopped, Exit::Stopped) | (Exit::NotRunning, Exit::NotRunning) => true,
            (Exit::TimedOut(a), Exit::TimedOut(b)) => a == b,
            (Exit::Panicked(a), Exit::Panicked(b)) | (Exit::Failed(a), Exit::Failed(b)) => same(a, b),
            _ => false,
        }
    }
}

impl Eq for Exit {}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exit::Stopped => f.write_str("stopped"),
            Exit::NotRunning => f.write_str("not running"),
            Exit::TimedOut(timed_out) => write!(f, "timed out: {timed_out}"),
            Exit::Panicked(error) => write!(f, "{error}"),
            Exit::Failed(error) => write!(f, "failed: {error}"),
        }
    }
}

/// How a supervised run ended, component by component.
///
/// Reports compare with `==` (see [`Exit`] for how errors compare); like `Exit`, a report is
/// not `Clone`.
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
#[derive(Debug, PartialEq, Eq)]
pub struct RunReport {
    /// The orchestrator's name.
    pub orchestrator: &'static str,
    /// Each component and how it ended, in initialization order.
    pub components: Vec<(&'static str, Exit)>,
    /// How many restarts the run made.
    pub restarts: u32,
}

impl RunReport {
    /// Whether every component ended cleanly.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.components.iter().all(|(_, exit)| exit.is_clean())
    }

    /// How component `name` (a generated key or a name) ended; `None` for a name that is no
    /// component.
    #[must_use]
    pub fn exit(&self, name: impl ComponentName) -> Option<&Exit> {
        let name = name.component_name();
        self.components.iter().find(|(n, _)| *n == name).map(|(_, exit)| exit)
    }
}

impl fmt::Display for RunReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} after {} restart(s): ", self.orchestrator, self.restarts)?;
        for (i, (name, exit)) in self.components.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{name}` {exit}")?;
        }
        Ok(())
    }
}

/// A supervised run that did not end with a clean shutdown.
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
#[derive(Debug)]
#[non_exhaustive]
pub enum RunError {
    /// The settings were refused; nothing was started.
    Supervision(SupervisionError),
    /// `initialize()` failed (and was rolled back).
    Start(InitError),
    /// A component stayed unhealthy past the restart budget (or could not be initialized
    /// again): supervision gave up, and everything was cleaned up.
    GaveUp {
        /// The component whose restart was refused or failed.
        component: &'static str,
        /// The restarts made within the window.
        restarts: u32,
        /// The window of the restart intensity.
        window: Duration,
        /// Why it was restarted: its last health report.
        health: Health,
        /// The failed re-initialization, when that is why.
        restart: Option<RestartError>,
        /// How each component ended.
        report: RunReport,
    },
    /// Shutdown was asked for, but some components did not stop cleanly (timed out, failed or
    /// panicked): the report says which and why.
    Stop(RunReport),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Supervision(error) => write!(f, "supervision refused: {error}"),
            RunError::Start(error) => write!(f, "start failed: {error}"),
            RunError::GaveUp { component, restarts, window, health, restart, report } => {
                write!(
                    f,
                    "{}: gave up on `{component}` ({health}) after {restarts} restart(s) within {window:?}",
                    report.orchestrator
                )?;
                if let Some(restart) = restart {
                    write!(f, ": {restart}")?;
                }
                write!(f, "; {report}")
            }
            RunError::Stop(report) => write!(f, "unclean shutdown: {report}"),
        }
    }
}

impl std::error::Error for RunError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunError::Supervision(error) => Some(error),
            RunError::Start(error) => Some(error),
            RunError::GaveUp { restart: Some(error), .. } => Some(error),
            _ => None,
        }
    }
}

/// Which of two futures finished first.
pub(crate) enum First<A, B> {
    Left(A),
    Right(B),
}

/// Polls `left`, then `right`, until one is done (the other is dropped).
pub(crate) async fn race<A: Future, B: Future>(left: A, right: B) -> First<A::Output, B::Output> {
    let mut left = pin!(left);
    let mut right = pin!(right);
    poll_fn(|cx| {
        if let Poll::Ready(output) = left.as_mut().poll(cx) {
            return Poll::Ready(First::Left(output));
        }
        if let Poll::Ready(output) = right.as_mut().poll(cx) {
            return Poll::Ready(First::Right(output));
        }
        Poll::Pending
    })
    .await
}

/// A random number in `[-1, 1]` for the backoff's jitter (std's randomly seeded hasher, so no
/// dependency; the quality a jitter needs).
pub(crate) fn jitter_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    // every `RandomState` has new keys, so the same input hashes differently each time
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u8(0);
    let bits = hasher.finish() >> 11; // 53 random bits: exact in an f64
    #[allow(clippy::cast_precision_loss, reason = "53 bits fit an f64's mantissa")]
    let unit = bits as f64 / (1u64 << 53) as f64;
    unit * 2.0 - 1.0
}

/// The restart bookkeeping of a run: the window of recent restart decisions, each component's
/// backoff attempt and when it last ran again, and the restarts that began.
pub(crate) struct Budget {
    recent: VecDeque<Instant>,
    /// Per component: its next backoff attempt, and when a restart last brought it back.
    attempts: Vec<(u32, Option<Instant>)>,
    /// Restarts that began (a restart abandoned in its backoff did not).
    pub(crate) total: u32,
}

impl Budget {
    pub(crate) fn new(components: usize) -> Self {
        Self { recent: VecDeque::new(), attempts: vec![(0, None); components], total: 0 }
    }

    /// Whether one more restart fits the intensity; records it if so.
    pub(crate) fn take(&mut self, now: Instant, supervision: &Supervision) -> bool {
        while self.recent.front().is_some_and(|&t| now.duration_since(t) >= supervision.window) {
            self.recent.pop_front();
        }
        if self.recent.len() >= supervision.max_restarts as usize {
            return false;
        }
        self.recent.push_back(now);
        true
    }

    /// The restarts within the window.
    pub(crate) fn recent(&self) -> u32 {
        u32::try_from(self.recent.len()).unwrap_or(u32::MAX)
    }

    /// The backoff attempt of component `index`, counted: back to 0 once it has been running
    /// again for `reset_after` since its last restart.
    pub(crate) fn attempt(&mut self, index: usize, now: Instant, backoff: &Backoff) -> u32 {
        let Some((attempt, running_since)) = self.attempts.get_mut(index) else { return 0 };
        if running_since.is_some_and(|t| now.duration_since(t) >= backoff.reset_after) {
            *attempt = 0;
        }
        let this = *attempt;
        *attempt = attempt.saturating_add(1);
        this
    }

    /// A restart begins (its backoff is over).
    pub(crate) fn began(&mut self) {
        self.total = self.total.saturating_add(1);
    }

    /// A restart brought component `index` back at `now`: its stable time counts from here.
    pub(crate) fn running_again(&mut self, index: usize, now: Instant) {
        if let Some((_, running_since)) = self.attempts.get_mut(index) {
            *running_since = Some(now);
        }
    }
}

/// Ctrl-C, or SIGTERM on Unix: the signals a service is stopped with. Pass it to
/// [`Supervise::run`](crate::Supervise::run). If a signal cannot be listened for, this waits forever (the
/// run then ends only by supervision giving up).
///
/// Needs the `tokio` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            core::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => core::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = core::future::pending::<()>();
    let _ = race(ctrl_c, terminate).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_total_saturates() {
        let mut budget = Budget::new(1);
        budget.total = u32::MAX - 1;
        budget.began();
        budget.began();
        assert_eq!(budget.total, u32::MAX);
    }

    #[test]
    fn a_backoff_attempt_saturates_and_resets_only_after_running_stably() {
        let backoff = Backoff { reset_after: Duration::from_secs(10), ..Backoff::default() };
        let mut budget = Budget::new(1);
        let start = Instant::now();
        budget.attempts[0].0 = u32::MAX;
        assert_eq!(budget.attempt(0, start, &backoff), u32::MAX);
        assert_eq!(budget.attempt(0, start, &backoff), u32::MAX);
        // running again since `start`: 9 s later is not yet stable, 10 s is
        budget.running_again(0, start);
        assert_eq!(budget.attempt(0, start + Duration::from_secs(9), &backoff), u32::MAX);
        assert_eq!(budget.attempt(0, start + Duration::from_secs(10), &backoff), 0);
        // restarted at 11 s and failing again at 12 s: the next attempt
        budget.running_again(0, start + Duration::from_secs(11));
        assert_eq!(budget.attempt(0, start + Duration::from_secs(12), &backoff), 1);
        // an index past the components is attempt 0, not a panic
        assert_eq!(budget.attempt(7, start, &backoff), 0);
    }
}
