//! The pattern's rules by their stable names, shared by both macros: which rules there are,
//! which of them `allow(...)` can switch off where, and the parsing of `allow(...)` with its
//! "did you mean". The rules themselves are checked in `derive::checks` and
//! `orchestrate::checks`, one module per rule.

use std::fmt::Display;

use syn::Path;
use syn::spanned::Spanned;

use crate::diag::{Diagnostics, did_you_mean};

/// Every rule of the pattern, by its stable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A component whose type is itself an orchestrator.
    NestedOrchestrator,
    /// More than `max_components` components.
    TooManyComponents,
    /// Fewer than `min_components` components.
    TooFewComponents,
    /// A field that is neither a component, the config nor the lifecycle.
    OrchestratorState,
    /// `after(x)` names no component.
    UnknownDependency,
    /// The `after(...)` dependencies form a cycle.
    DependencyCycle,
    /// The struct plus its `#[orchestrate]` block are longer than `max_lines`.
    TooLong,
    /// A loop, arithmetic or a bit operation in a coordination method.
    BusinessLogic,
    /// A coordination method with more than 4 branches.
    ComplexConditional,
    /// File, network or process access in a coordination method.
    DirectIo,
    /// A coordination method hands its steps to a private method that calls components.
    HiddenCoordination,
}

/// Where an `allow(...)` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// `#[orchestrator(allow(...))]` on the struct.
    Struct,
    /// `#[orchestrate(allow(...))]` on the impl block.
    Impl,
    /// `#[orchestrate(allow(...))]` on one method of the block.
    Method,
}

impl Rule {
    /// All rules, in the order of the SPEC table.
    pub const ALL: [Rule; 11] = [
        Rule::NestedOrchestrator,
        Rule::TooManyComponents,
        Rule::TooFewComponents,
        Rule::OrchestratorState,
        Rule::UnknownDependency,
        Rule::DependencyCycle,
        Rule::TooLong,
        Rule::BusinessLogic,
        Rule::ComplexConditional,
        Rule::DirectIo,
        Rule::HiddenCoordination,
    ];

    /// The rule's stable name, as written in `allow(...)` and in every error.
    pub fn name(self) -> &'static str {
        match self {
            Rule::NestedOrchestrator => "nested_orchestrator",
            Rule::TooManyComponents => "too_many_components",
            Rule::TooFewComponents => "too_few_components",
            Rule::OrchestratorState => "orchestrator_state",
            Rule::UnknownDependency => "unknown_dependency",
            Rule::DependencyCycle => "dependency_cycle",
            Rule::TooLong => "too_long",
            Rule::BusinessLogic => "business_logic",
            Rule::ComplexConditional => "complex_conditional",
            Rule::DirectIo => "direct_io",
            Rule::HiddenCoordination => "hidden_coordination",
        }
    }

    /// The rule named `name`.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.name() == name)
    }

    /// Whether `allow(...)` can switch the rule off at all.
    pub fn is_allowable(self) -> bool {
        !matches!(self, Rule::NestedOrchestrator | Rule::UnknownDependency | Rule::DependencyCycle)
    }

    /// Whether the rule is checked by `#[derive(Orchestrator)]` on the struct (else by
    /// `#[orchestrate]` on the impl block).
    pub fn is_struct_rule(self) -> bool {
        matches!(
            self,
            Rule::NestedOrchestrator
                | Rule::TooManyComponents
                | Rule::TooFewComponents
                | Rule::OrchestratorState
                | Rule::UnknownDependency
                | Rule::DependencyCycle
        )
    }

    /// Where the rule is checked: on the struct by the derive, or on the impl block by
    /// `#[orchestrate]` (`too_long`, which needs both, too).
    pub fn checked_at(self) -> Site {
        if self.is_struct_rule() { Site::Struct } else { Site::Impl }
    }

    /// The message of a violation, in the one shape every rule's error has:
    /// `rule: what; reason. help: fix`, and `, or #[...(allow(rule))]` where the rule is
    /// allowable (the attribute where it is checked).
    pub fn message(self, what: impl Display, reason: &str, fix: impl Display) -> String {
        let name = self.name();
        let allow = match (self.is_allowable(), self.checked_at()) {
            (false, _) => String::new(),
            (true, Site::Struct) => format!(", or #[orchestrator(allow({name}))]"),
            (true, Site::Impl | Site::Method) => format!(", or #[orchestrate(allow({name}))]"),
        };
        format!("{name}: {what}; {reason}. help: {fix}{allow}")
    }

    /// Whether `allow(rule)` can be written at `site`: struct rules and `too_long` on the
    /// struct, impl rules on the impl block, impl rules but `too_long` (which measures the
    /// whole block) on a method.
    pub fn is_allowable_at(self, site: Site) -> bool {
        self.is_allowable()
            && match site {
                Site::Struct => self.is_struct_rule() || self == Rule::TooLong,
                Site::Impl => !self.is_struct_rule(),
                Site::Method => !self.is_struct_rule() && self != Rule::TooLong,
            }
    }
}

/// The rules named in `allow(...)` at `site`. Each entry that is not a rule, or not a rule
/// that can be allowed there, is reported (spanned at that entry, with a "did you mean"). A
/// misspelt rule with a suggestion counts as the suggested rule: the typo is the one mistake,
/// and the rule it meant to allow reporting too would be a second error for it.
pub fn parse_allow(paths: &[Path], site: Site, errors: &mut Diagnostics) -> Vec<Rule> {
    let allowable: Vec<&str> = Rule::ALL.iter().filter(|r| r.is_allowable_at(site)).map(|r| r.name()).collect();
    let list = allowable.join(", ");
    let mut rules = Vec::new();
    for path in paths {
        let name = path.get_ident().map(ToString::to_string).unwrap_or_default();
        let message = match Rule::from_name(&name) {
            Some(rule) if rule.is_allowable_at(site) => {
                rules.push(rule);
                continue;
            }
            Some(rule) if !rule.is_allowable() => format!(
                "`{name}` cannot be allowed: it guards the orchestrator's correctness, not its style. help: fix the {} it reports instead",
                if rule.is_struct_rule() { "struct" } else { "impl block" }
            ),
            Some(Rule::TooLong) if site == Site::Method => {
                "`too_long` measures the whole block, not one method. help: write #[orchestrate(allow(too_long))] on the impl block".to_owned()
            }
            Some(rule) => {
                let (here, there) = match site {
                    Site::Struct => ("struct", "impl block: `#[orchestrate(allow(...))]`"),
                    Site::Impl => ("impl block", "struct: `#[orchestrator(allow(...))]`"),
                    Site::Method => ("method", "struct: `#[orchestrator(allow(...))]`"),
                };
                format!(
                    "`{}` is not checked on the {here}. help: allow it on the {there}; here you can allow: {list}",
                    rule.name()
                )
            }
            None => {
                let shown = if name.is_empty() { quote::ToTokens::to_token_stream(path).to_string() } else { name };
                let best = did_you_mean(&shown, allowable.iter().copied());
                rules.extend(best.and_then(Rule::from_name));
                let suggestion = best.map(|best| format!("did you mean `{best}`? ")).unwrap_or_default();
                format!(
                    "`{shown}` is not a rule that can be allowed. help: {suggestion}the rules you can allow here are: {list}"
                )
            }
        };
        errors.at_span(path.span(), message);
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.name()), Some(rule));
        }
        assert_eq!(Rule::from_name("nope"), None);
    }

    #[test]
    fn allowable_sites() {
        assert!(Rule::TooManyComponents.is_allowable_at(Site::Struct));
        assert!(!Rule::TooManyComponents.is_allowable_at(Site::Impl));
        assert!(Rule::TooLong.is_allowable_at(Site::Struct));
        assert!(Rule::TooLong.is_allowable_at(Site::Impl));
        assert!(Rule::BusinessLogic.is_allowable_at(Site::Impl));
        assert!(!Rule::BusinessLogic.is_allowable_at(Site::Struct));
        assert!(!Rule::DependencyCycle.is_allowable_at(Site::Struct));
        assert!(!Rule::NestedOrchestrator.is_allowable_at(Site::Impl));
        assert!(Rule::BusinessLogic.is_allowable_at(Site::Method));
        assert!(!Rule::TooLong.is_allowable_at(Site::Method));
        assert!(!Rule::TooManyComponents.is_allowable_at(Site::Method));
    }

    #[test]
    fn messages_have_one_shape() {
        assert_eq!(
            Rule::TooManyComponents.message("`P` has 9", "a reason", "a fix"),
            "too_many_components: `P` has 9; a reason. help: a fix, or #[orchestrator(allow(too_many_components))]"
        );
        assert_eq!(Rule::TooLong.message("w", "r", "f"), "too_long: w; r. help: f, or #[orchestrate(allow(too_long))]");
        assert_eq!(Rule::DependencyCycle.message("w", "r", "f"), "dependency_cycle: w; r. help: f");
    }

    #[test]
    fn parse_allow_reports_each_bad_entry() {
        let paths: Vec<Path> =
            vec![syn::parse_quote!(too_many_components), syn::parse_quote!(too_few_component), syn::parse_quote!(a::b)];
        let mut errors = Diagnostics::new();
        let rules = parse_allow(&paths, Site::Struct, &mut errors);
        // The misspelt `too_few_component` counts as the rule it suggests.
        assert_eq!(rules, vec![Rule::TooManyComponents, Rule::TooFewComponents]);
        assert_eq!(errors.len(), 2);
        let text = errors.into_compile_errors().to_string();
        assert!(text.contains("did you mean `too_few_components`"), "{text}");
    }
}
