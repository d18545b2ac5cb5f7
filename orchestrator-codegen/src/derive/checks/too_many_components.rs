//! `too_many_components`: more than `max_components` (default 8) components. An orchestrator
//! coordinating that many has more than one responsibility.

use crate::derive::model::Model;
use crate::diag::Diagnostics;
use crate::rule::Rule;

/// Reports the first component past the limit.
pub fn check(model: &Model<'_>, errors: &mut Diagnostics) {
    let (max, _) = model.max_components;
    let count = model.components.len();
    if count <= max || model.allows(Rule::TooManyComponents) {
        return;
    }
    let Some(first_extra) = model.components.get(max) else { return };
    let message = Rule::TooManyComponents.message(
        format_args!("`{}` coordinates {count} components, more than max_components = {max}", model.ident),
        "an orchestrator coordinating this many has more than one responsibility",
        "split it into smaller orchestrators, raise #[orchestrator(max_components = N)]",
    );
    errors.at(first_extra.ident, message);
}
