//! `orchestrator_state`: a field that is none of a component, the config or the lifecycle.
//! State belongs in the components; an orchestrator only coordinates them.

use crate::derive::model::{Model, Role};
use crate::diag::Diagnostics;
use crate::rule::Rule;

/// Reports every such field.
pub fn check(model: &Model<'_>, errors: &mut Diagnostics) {
    if model.allows(Rule::OrchestratorState) {
        return;
    }
    for field in model.fields.iter().filter(|f| f.role == Role::State) {
        let message = Rule::OrchestratorState.message(
            format_args!("`{}` is neither a component, the config nor the lifecycle", field.ident),
            "an orchestrator keeps no state of its own, its components do",
            "mark it #[component], move it into a component, make it the #[orchestrator(config)]",
        );
        errors.at(field.ident, message);
    }
}
