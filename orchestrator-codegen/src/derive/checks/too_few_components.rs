//! `too_few_components`: fewer than `min_components` (default 2) components. An orchestrator
//! with one component coordinates nothing: it is an anemic wrapper.

use crate::derive::model::Model;
use crate::diag::Diagnostics;
use crate::rule::Rule;

/// Reports the struct's name (there is no offending field: one is missing).
pub fn check(model: &Model<'_>, errors: &mut Diagnostics) {
    let (min, span) = model.min_components;
    let count = model.components.len();
    if count >= min || model.allows(Rule::TooFewComponents) {
        return;
    }
    let noun = if count == 1 { "component" } else { "components" };
    let message = Rule::TooFewComponents.message(
        format_args!("`{}` coordinates {count} {noun}, fewer than min_components = {min}", model.ident),
        "an orchestrator with less to coordinate is an anemic wrapper",
        "mark its components with #[component], call the component directly instead, lower #[orchestrator(min_components = N)]",
    );
    match span {
        Some(span) => errors.at(quote::quote_spanned!(span=> value), message),
        None => errors.at(model.ident, message),
    }
}
