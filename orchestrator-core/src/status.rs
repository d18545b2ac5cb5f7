//! [`Status`]: a snapshot of an orchestrator and its components.

use core::fmt;
use std::time::Duration;

use crate::{Health, State};

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
}

/// One component in a [`Status`].
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
}

impl Status {
    /// The component with this name.
    #[must_use]
    pub fn component(&self, name: &str) -> Option<&ComponentStatus> {
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
        let rows: Vec<[String; 6]> = self
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| {
                [
                    (i + 1).to_string(),
                    c.name.to_owned(),
                    c.type_name.to_owned(),
                    c.state.to_string(),
                    c.health.to_string(),
                    InitTime(c.init_time).to_string(),
                ]
            })
            .collect();
        let header = ["#", "component", "type", "state", "health", "init"];
        let mut widths = header.map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |f: &mut fmt::Formatter<'_>, cells: [&str; 6]| -> fmt::Result {
            let mut out = String::from(" ");
            for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
                out.push(' ');
                if i == 0 {
                    out.push_str(&format!("{cell:>w$}"));
                } else {
                    out.push_str(&format!("{cell:<w$}"));
                }
                out.push(' ');
            }
            writeln!(f, "{}", out.trim_end())
        };
        line(f, header)?;
        for row in &rows {
            line(f, row.each_ref().map(String::as_str))?;
        }
        if let Some(config) = &self.config {
            writeln!(f, "  config: {config}")?;
        }
        Ok(())
    }
}
