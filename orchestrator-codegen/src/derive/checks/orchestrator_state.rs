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
        errors.at(
            field.ident,
            format!(
                "orchestrator_state: `{}` is neither a component, the config nor the lifecycle; an orchestrator keeps no state of its own, its components do. help: mark it #[component], move it into a component, make it the #[orchestrator(config)], or #[orchestrator(allow(orchestrator_state))]",
                field.ident
            ),
        );
    }
}
