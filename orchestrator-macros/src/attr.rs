//! Stage 1: the attributes of `#[derive(Orchestrator)]`, parsed with darling into plain structs.
//!
//! Nothing here knows the pattern's rules; it only turns `#[orchestrator(...)]` and
//! `#[component(...)]` into values, and reports malformed attributes (unknown keys with a
//! "did you mean", bad values) into the caller's accumulator.

use darling::ast::NestedMeta;
use darling::util::{Flag, PathList, SpannedValue};
use darling::{FromMeta, error::Accumulator};
use syn::{Attribute, Meta};

/// `#[orchestrator(...)]` on the struct; several such attributes are merged.
#[derive(Debug, Default, FromMeta)]
#[darling(default)]
pub struct StructAttr {
    /// `register = path`: the register-phase hook, `fn(&mut Self) -> Result<(), E>`.
    pub register: Option<syn::Path>,
    /// `max_components = N` (default 8).
    pub max_components: Option<SpannedValue<usize>>,
    /// `min_components = N` (default 2).
    pub min_components: Option<SpannedValue<usize>>,
    /// `max_lines = N` (default 400), for the `too_long` rule of `#[orchestrate]`.
    pub max_lines: Option<SpannedValue<usize>>,
    /// `allow(rule, ...)`.
    pub allow: PathList,
    /// `crate = path` (default `::orchestrator`).
    #[darling(rename = "crate")]
    pub krate: Option<syn::Path>,
    /// `cleanup_on_drop`.
    pub cleanup_on_drop: Flag,
}

/// `#[component]` or `#[component(name = "...", after(a, b))]` on a field.
#[derive(Debug, Default, FromMeta)]
#[darling(default)]
pub struct ComponentAttr {
    /// `name = "..."`: the component's name (default: the field's name).
    pub name: Option<SpannedValue<String>>,
    /// `after(a, b)`: field names of the components this one is initialized after.
    pub after: PathList,
}

/// `#[orchestrator(config)]` on a field.
#[derive(Debug, Default, FromMeta)]
#[darling(default)]
pub struct FieldAttr {
    /// `config`: this field is the orchestrator's config.
    pub config: Flag,
}

/// The attributes of one field.
#[derive(Debug, Default)]
pub struct FieldAttrs<'a> {
    /// `#[component(...)]` with the attribute, for spans.
    pub component: Option<(ComponentAttr, &'a Attribute)>,
    /// `#[orchestrator(config)]`, with the attribute, for spans.
    pub config: Option<&'a Attribute>,
}

/// The nested items of every `#[name(...)]` attribute in `attrs`. A bare `#[name]` or
/// `#[name = ...]` is reported and skipped.
fn nested<'a>(
    attrs: &'a [Attribute],
    name: &str,
    errors: &mut Accumulator,
) -> (Vec<NestedMeta>, Option<&'a Attribute>) {
    let mut items = Vec::new();
    let mut first = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident(name)) {
        first.get_or_insert(attr);
        match &attr.meta {
            Meta::List(list) => {
                if let Some(parsed) = errors.handle(NestedMeta::parse_meta_list(list.tokens.clone()).map_err(Into::into))
                {
                    items.extend(parsed);
                }
            }
            other => errors.push(
                darling::Error::custom(format!(
                    "expected `#[{name}(...)]`: the `{name}` attribute takes a list of keys. help: write `#[{name}(key = value, ...)]`"
                ))
                .with_span(other),
            ),
        }
    }
    (items, first)
}

/// Parses every `#[orchestrator(...)]` of the struct into one [`StructAttr`]; on error, the
/// keys that did parse are kept where darling allows it, else the defaults.
pub fn parse_struct(attrs: &[Attribute], errors: &mut Accumulator) -> StructAttr {
    let (items, _) = nested(attrs, "orchestrator", errors);
    errors.handle(StructAttr::from_list(&items)).unwrap_or_default()
}

/// Parses the attributes of one field.
pub fn parse_field<'a>(attrs: &'a [Attribute], errors: &mut Accumulator) -> FieldAttrs<'a> {
    let mut out = FieldAttrs::default();
    let mut components = attrs.iter().filter(|a| a.path().is_ident("component"));
    if let Some(attr) = components.next() {
        let parsed = match &attr.meta {
            Meta::Path(_) => Some(ComponentAttr::default()),
            Meta::List(list) => errors
                .handle(NestedMeta::parse_meta_list(list.tokens.clone()).map_err(Into::into))
                .and_then(|items| errors.handle(ComponentAttr::from_list(&items))),
            Meta::NameValue(_) => {
                errors.push(
                    darling::Error::custom(
                        "expected `#[component]` or `#[component(name = \"...\", after(...))]`. help: remove the `= ...`",
                    )
                    .with_span(&attr.meta),
                );
                None
            }
        };
        out.component = Some((parsed.unwrap_or_default(), attr));
    }
    for extra in components {
        errors.push(
            darling::Error::custom(
                "duplicate `#[component]` attribute. help: merge them into one `#[component(name = \"...\", after(...))]`",
            )
            .with_span(extra),
        );
    }
    let (items, first) = nested(attrs, "orchestrator", errors);
    if let Some(attr) = first
        && let Some(parsed) = errors.handle(FieldAttr::from_list(&items))
        && parsed.config.is_present()
    {
        out.config = Some(attr);
    }
    out
}
