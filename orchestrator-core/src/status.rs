//! [`Status`]: a snapshot of an orchestrator and its components.

use core::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use crate::panic::panic_error;
use crate::{ComponentName, Health, LastFailure, Lifecycle, State};

/// A snapshot of an orchestrator: its name and state, each component's record, its config.
///
/// `Display` renders an aligned table; with the `serde` feature it implements `Serialize`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Status {
    /// The orchestrator's name (its type's name).
    pub name: &'static str,
    /// The orchestrator's state.
    pub state: State,
    /// One entry per component, in initialization order.
    pub components: Vec<ComponentStatus>,
    /// The config's `Debug` rendering, when the orchestrator has a `#[orchestrator(config)]` field.
    pub config: Option<String>,
    /// The last failure of a lifecycle call (`initialize()`, `cleanup()`): which component or
    /// register hook, in which phase, and the error's message. Kept until the next failure.
    pub last_failure: Option<LastFailure>,
}

/// One component in a [`Status`](crate::Status).
///
/// With the `serde` feature it implements `Serialize`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ComponentStatus {
    /// The component's name: its field name or its `#[component(name = "...")]`.
    pub name: &'static str,
    /// The component's type, as written in the struct.
    pub type_name: &'static str,
    /// The component's own state.
    pub state: State,
    /// Its [`Component::health`](crate::Component::health) when `Ready`, else [`Health::Unknown`].
    pub health: Health,
    /// How long its last successful `init` took.
    pub init_time: Option<Duration>,
    /// How many times it was restarted (`restart`, or supervision).
    pub restarts: u32,
}

impl Status {
    /// The snapshot of an orchestrator from its parts, sync or async: `health(index)` asks
    /// component `index`, only when it is `Ready`; a panic there shows as unhealthy.
    pub(crate) fn snapshot(
        name: &'static str,
        components: &'static [&'static str],
        types: &'static [&'static str],
        lifecycle: &Lifecycle,
        config: Option<&dyn fmt::Debug>,
        health: impl Fn(usize) -> Option<Health>,
    ) -> Status {
        let components = components
            .iter()
            .enumerate()
            .map(|(index, &name)| {
                let slot = lifecycle.slot(index);
                let health = match slot.state {
                    State::Ready => match catch_unwind(AssertUnwindSafe(|| health(index))) {
                        Ok(health) => health.unwrap_or(Health::Unknown),
                        Err(payload) => Health::Unhealthy(panic_error(payload).to_string()),
                    },
                    _ => Health::Unknown,
                };
                ComponentStatus {
                    name,
                    type_name: types.get(index).copied().unwrap_or("?"),
                    state: slot.state,
                    health,
                    init_time: slot.init_time,
                    restarts: slot.restarts,
                }
            })
            .collect::<Vec<ComponentStatus>>();
        if let Some(live) = lifecycle.live() {
            live.record_health(components.iter().map(|c| c.health.clone()));
        }
        Status {
            name,
            state: lifecycle.state(),
            components,
            config: config.map(|c| crate::panic::Shown::debug(c).to_string()),
            last_failure: lifecycle.last_failure().cloned(),
        }
    }

    /// The component `name`: a generated key (`ShopComponent::Db`) or a name as a string;
    /// `None` for a name that is no component.
    #[must_use]
    pub fn component(&self, name: impl ComponentName) -> Option<&ComponentStatus> {
        let name = name.component_name();
        self.components.iter().find(|c| c.name == name)
    }

    /// `true` when the orchestrator is `Ready` and every component is healthy.
    #[must_use]
    pub fn is_healthy(&self) -> bool {
        self.state == State::Ready && self.components.iter().all(|c| c.health.is_healthy())
    }
}

struct InitTime(Option<Duration>);

impl fmt::Display for InitTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.pad("-"),
            Some(d) if d.as_micros() == 0 => f.pad(&format!("{}ns", d.as_nanos())),
            Some(d) => f.pad(&format!("{d:.1?}")),
        }
    }
}

impl fmt::Display for Status {
    /// ```text
    /// Processing: Ready
    ///   #  component  type       state  health   init
    ///   1  validator  Validator  Ready  healthy  1.2µs
    ///   2  audit-log  AuditLog   Ready  healthy  850.0ns
    ///   config: AppConfig { strict: true }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.name, self.state)?;
        // the `restarts` column only once something was restarted
        let restarted = self.components.iter().any(|c| c.restarts > 0);
        let rows: Vec<Vec<String>> = self
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut row = vec![
                    (i + 1).to_string(),
                    c.name.to_owned(),
                    c.type_name.to_owned(),
                    c.state.to_string(),
                    c.health.to_string(),
                    InitTime(c.init_time).to_string(),
                ];
                if restarted {
                    row.push(c.restarts.to_string());
                }
                row
            })
            .collect();
        let mut header = vec!["#", "component", "type", "state", "health", "init"];
        if restarted {
            header.push("restarts");
        }
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |f: &mut fmt::Formatter<'_>, cells: &[&str]| -> fmt::Result {
            let mut out = String::from(" ");
            for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
                out.push(' ');
                if i == 0 || i == 6 {
                    out.push_str(&format!("{cell:>w$}"));
                } else {
                    out.push_str(&format!("{cell:<w$}"));
                }
                out.push(' ');
            }
            writeln!(f, "{}", out.trim_end())
        };
        line(f, &header)?;
        for row in &rows {
            line(f, &row.iter().map(String::as_str).collect::<Vec<_>>())?;
        }
        if let Some(config) = &self.config {
            writeln!(f, "  config: {config}")?;
        }
        if let Some(failure) = &self.last_failure {
            writeln!(f, "  last failure: {failure}")?;
        }
        Ok(())
    }
}
