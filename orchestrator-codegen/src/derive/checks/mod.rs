//! Stage 3: the struct rules, one module per rule, found by its name. Each reads the model and
//! reports; none builds anything.
//!
//! Two rules are not here: `unknown_dependency` and `dependency_cycle` are found while the
//! initialization order is computed (`derive::order`), and `nested_orchestrator` needs the
//! compiler's knowledge of the component types, so [`nested_orchestrator`] only chooses the
//! components to probe and the expansion emits one compile-time assertion for each.

pub mod nested_orchestrator;
mod orchestrator_state;
mod too_few_components;
mod too_many_components;

use super::model::Model;
use crate::diag::Diagnostics;

/// Runs every struct rule that reads the model.
pub fn check(model: &Model<'_>, errors: &mut Diagnostics) {
    too_many_components::check(model, errors);
    too_few_components::check(model, errors);
    orchestrator_state::check(model, errors);
}
