//! Stage 1: the attributes of `#[derive(Orchestrator)]`, parsed with darling into plain structs.
//!
//! Nothing here knows the pattern's rules; it only turns `#[orchestrator(...)]` and
//! `#[component(...)]` into values, and reports malformed attributes (unknown keys with a
//! "did you mean", bad values, repeated keys). The struct's keys are read one by one, so one
//! bad key does not lose the others (a lost `crate = path` would cascade into every path).

use darling::FromMeta;
use darling::ast::NestedMeta;
use darling::util::{Flag, PathList, SpannedValue};
use syn::{Attribute, Expr, Lit, Meta};

use crate::diag::{Diagnostics, did_you_mean};

/// The keys of `#[orchestrator(...)]` on the struct.
const STRUCT_KEYS: [&str; 11] = [
    "register",
    "max_components",
    "min_components",
    "max_lines",
    "allow",
    "crate",
    "cleanup_on_drop",
    "async",
    "from_parts",
    "from_config",
    "keys",
];

/// `#[orchestrator(...)]` on the struct; several such attributes are merged.
#[derive(Default)]
pub struct StructAttr {
    /// `register = path`: the register-phase hook, `fn(&mut Self) -> Result<(), E>`.
    pub register: Option<syn::Path>,
    /// `max_components = N` (default 8).
    pub max_components: Number,
    /// `min_components = N` (default 2).
    pub min_components: Number,
    /// `max_lines = N` (default 400), for the `too_long` rule of `#[orchestrate]`.
    pub max_lines: Number,
    /// `allow(rule, ...)`.
    pub allow: PathList,
    /// `crate = path` (default `::orchestrator`).
    pub krate: Option<syn::Path>,
    /// `cleanup_on_drop`.
    pub cleanup_on_drop: Flag,
    /// `async`: an async orchestrator (`AsyncOrchestrator`, async components).
    pub asynchronous: Flag,
    /// `from_parts = name`: the name of the constructor taking every field but the lifecycle
    /// (default `from_parts`).
    pub from_parts: Option<syn::Ident>,
    /// `from_config` or `from_config = name`: generate the constructor building every
    /// component from the config (named `from_config` unless named here); the key, for spans.
    pub from_config: Option<(syn::Ident, syn::Path)>,
    /// `keys = Name`: the name of the generated enum of component keys (default: the struct's
    /// name followed by `Component`).
    pub keys: Option<syn::Ident>,
}

/// `#[component]` or `#[component(name = "...", after(a, b), uses(c), timeout_ms = N, emits(E))]`
/// on a field.
#[derive(Debug, Default)]
pub struct ComponentAttr {
    /// `name = "..."`: the component's name (default: the field's name).
    pub name: Option<SpannedValue<String>>,
    /// `after(a, b)`: field names of the components this one is initialized after.
    pub after: Vec<syn::Path>,
    /// `uses(a, b)`: field names of the components this one comes after and receives, as shared
    /// references, in its `init` and `cleanup`; with the span of the key, for errors. A
    /// malformed `uses` (reported) is an empty list with `uses_broken`.
    pub uses: Option<(Vec<syn::Path>, proc_macro2::Span)>,
    /// `uses` was written but malformed (reported): the component takes dependencies the
    /// expansion does not know, so it is not reached at all (no second error for it).
    pub uses_broken: bool,
    /// `timeout_ms = N`: the component's timeout for `init` and `cleanup` (async orchestrators
    /// only; the model reports it elsewhere).
    pub timeout_ms: Option<SpannedValue<u64>>,
    /// `emits(E1, E2)`: the event types the component raises to its running orchestrator
    /// (async orchestrators only; the model reports it elsewhere), with the key, for spans.
    pub emits: Option<(Vec<syn::Type>, syn::Path)>,
}

/// Reports an unknown key of `#[attr(...)]`, with a "did you mean" and the keys there are.
fn unknown_key(errors: &mut Diagnostics, meta: &Meta, key: &str, attr: &str, keys: &[&str]) {
    let suggestion =
        did_you_mean(key, keys.iter().copied()).map(|best| format!("did you mean `{best}`? ")).unwrap_or_default();
    let listed: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    errors.at(
        meta.path(),
        format!("unknown key `{key}` in `#[{attr}(...)]`. help: {suggestion}the keys are {}", listed.join(", ")),
    );
}

/// The key of a nested item, or its misuse reported.
fn key_of<'m>(item: &'m NestedMeta, attr: &str, errors: &mut Diagnostics) -> Option<(&'m Meta, String)> {
    let NestedMeta::Meta(meta) = item else {
        errors.at(item, format!("expected a key of `#[{attr}(...)]`, found a literal. help: remove it"));
        return None;
    };
    let key = meta.path().get_ident().map_or_else(
        || quote::ToTokens::to_token_stream(meta.path()).to_string().replace(' ', ""),
        ToString::to_string,
    );
    Some((meta, key))
}

/// The keys of `#[component(...)]`.
const COMPONENT_KEYS: [&str; 5] = ["name", "after", "uses", "timeout_ms", "emits"];

/// Parses the items of `#[component(...)]` key by key. A list key given twice (`uses(a),
/// uses(b)`) is one error whose help is the merged list, and the lists are merged.
fn parse_component(items: &[NestedMeta], errors: &mut Diagnostics) -> ComponentAttr {
    let mut out = ComponentAttr::default();
    let mut seen: Vec<String> = Vec::new();
    for item in items {
        let Some((meta, key)) = key_of(item, "component", errors) else { continue };
        let again = seen.contains(&key);
        if again && !matches!(key.as_str(), "after" | "uses") {
            errors.at(meta, format!("`{key}` is given twice. help: keep one `{key}`"));
            continue;
        }
        seen.push(key.clone());
        match key.as_str() {
            "name" => {
                let name = explain(SpannedValue::<String>::from_meta(meta), "name", "a string", "name = \"audit-log\"");
                out.name = errors.handle(name);
            }
            "after" => {
                let Some(list) = errors.handle(list_of(meta, "after")) else { continue };
                if again {
                    merged_twice(errors, meta, "after", &out.after, &list);
                }
                out.after.extend(list.iter().cloned());
            }
            "uses" => {
                let span = syn::spanned::Spanned::span(meta.path());
                let Some(list) = errors.handle(list_of(meta, "uses")) else {
                    out.uses_broken = true;
                    out.uses.get_or_insert_with(|| (Vec::new(), span));
                    continue;
                };
                let (known, _) = out.uses.get_or_insert_with(|| (Vec::new(), span));
                if again {
                    merged_twice(errors, meta, "uses", known, &list);
                }
                known.extend(list.iter().cloned());
            }
            "timeout_ms" => {
                // Spanned at the key: the model reports `timeout_ms` outside an async orchestrator there.
                let span = syn::spanned::Spanned::span(meta.path());
                out.timeout_ms = number(meta, errors).value().map(|n| SpannedValue::new(n as u64, span));
            }
            "emits" => out.emits = emits(meta, errors),
            _ => unknown_key(errors, meta, &key, "component", &COMPONENT_KEYS),
        }
    }
    out
}

/// `emits(E1, E2)`: a list of event types (types, not paths: `emits(Progress<u32>)`), with the
/// key.
fn emits(meta: &Meta, errors: &mut Diagnostics) -> Option<(Vec<syn::Type>, syn::Path)> {
    use syn::parse::Parser;
    let help = "help: write `emits(JobDone)`, or `emits(JobDone, Fault)` for several";
    let Meta::List(list) = meta else {
        errors.at(meta, format!("`emits` lists the types of the events the component raises. {help}"));
        return None;
    };
    let parser = syn::punctuated::Punctuated::<syn::Type, syn::Token![,]>::parse_terminated;
    match parser.parse2(list.tokens.clone()) {
        Ok(types) if types.is_empty() => {
            errors.at(meta, format!("`emits()` lists no event type. {help}, or remove `emits`"));
            None
        }
        Ok(types) => Some((types.into_iter().collect(), list.path.clone())),
        Err(error) => {
            errors.at_span(error.span(), format!("`emits` lists event types: {error}. {help}"));
            None
        }
    }
}

/// `after(a, b)` or `uses(a, b)`: the list; for `key = a` (a value where the key takes a list),
/// an error whose help is the list written out, `key(a)`.
fn list_of(meta: &Meta, key: &str) -> darling::Result<PathList> {
    if let Meta::NameValue(nv) = meta {
        let value = quote::ToTokens::to_token_stream(&nv.value).to_string().replace(' ', "");
        let example = match &nv.value {
            Expr::Path(_) | Expr::Tuple(_) | Expr::Paren(_) => {
                format!("{key}({})", value.trim_start_matches('(').trim_end_matches(')'))
            }
            _ => format!("{key}(a, b)"),
        };
        return Err(darling::Error::custom(format!(
            "`{key}` takes a list of component fields, not a value. help: write `{example}`"
        ))
        .with_span(&nv.value));
    }
    let example = format!("{key}(a, b)");
    explain(PathList::from_meta(meta), key, "a list of component fields", &example)
}

/// Reports `key(...)` given a second time (at the second), with the two lists merged as help.
fn merged_twice(errors: &mut Diagnostics, meta: &Meta, key: &str, first: &[syn::Path], second: &[syn::Path]) {
    let names: Vec<String> =
        first.iter().chain(second).map(|p| quote::ToTokens::to_token_stream(p).to_string().replace(' ', "")).collect();
    errors.at(
        meta,
        format!(
            "`{key}` is given twice: one component has one `{key}(...)` list. help: write them as one, `{key}({})`",
            names.join(", ")
        ),
    );
}

/// Whether the items of a field's `#[orchestrator(...)]` say `config` (the only key there). A
/// key of the struct's attribute, or of `#[component(...)]`, is reported with where it goes.
fn parse_field_keys(items: &[NestedMeta], errors: &mut Diagnostics) -> bool {
    let mut config = false;
    for item in items {
        let Some((meta, key)) = key_of(item, "orchestrator", errors) else { continue };
        match key.as_str() {
            "config" if config => errors.at(meta, "`config` is given twice. help: keep one `config`"),
            "config" => {
                let flag = explain(Flag::from_meta(meta), "config", "no value", "#[orchestrator(config)]");
                config = errors.handle(flag).is_some_and(|flag| flag.is_present());
            }
            "allow" => errors.at(
                meta.path(),
                "`allow(...)` goes on the struct, not on a field: it switches a rule off for the whole orchestrator. \
                 help: move this `#[orchestrator(allow(...))]` above the struct (impl rules: `#[orchestrate(allow(...))]` on the impl block or a method)",
            ),
            _ if STRUCT_KEYS.contains(&key.as_str()) => errors.at(
                meta.path(),
                format!(
                    "`{key}` is a key of the struct's `#[orchestrator(...)]`, not of a field. help: move it into the `#[orchestrator(...)]` above the struct"
                ),
            ),
            _ if COMPONENT_KEYS.contains(&key.as_str()) => errors.at(
                meta.path(),
                format!(
                    "`{key}` is a key of `#[component(...)]`. help: write it in the field's `#[component({key} ...)]`"
                ),
            ),
            _ => unknown_key(errors, meta, &key, "orchestrator", &["config"]),
        }
    }
    config
}

/// The attributes of one field.
#[derive(Debug, Default)]
pub struct FieldAttrs<'a> {
    /// `#[component(...)]` with the attribute, for spans.
    pub component: Option<(ComponentAttr, &'a Attribute)>,
    /// `#[orchestrator(config)]`, with the attribute, for spans.
    pub config: Option<&'a Attribute>,
    /// Whether any of the field's attributes was malformed (already reported).
    pub malformed: bool,
}

/// The nested items of every `#[name(...)]` attribute in `attrs`, and the first such
/// attribute. A bare `#[name]` or `#[name = ...]` is reported and skipped.
fn nested<'a>(
    attrs: &'a [Attribute],
    name: &str,
    errors: &mut Diagnostics,
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
            other => errors.at(
                other,
                format!(
                    "expected `#[{name}(...)]`: the `{name}` attribute takes a list of keys. help: write `#[{name}(key = value, ...)]`"
                ),
            ),
        }
    }
    (items, first)
}

/// A number key's value as parsed.
#[derive(Default)]
pub enum Number {
    /// Not written.
    #[default]
    Absent,
    /// A whole number, with the span of its value.
    Valid(SpannedValue<usize>),
    /// Malformed (reported); the number it most likely means, if any (`"9"` means 9).
    Invalid(Option<usize>),
}

impl Number {
    /// The number, valid or meant.
    pub fn value(&self) -> Option<usize> {
        match self {
            Number::Valid(value) => Some(**value),
            Number::Invalid(meant) => *meant,
            Number::Absent => None,
        }
    }
}

/// `key = 8`: a number, with the span of its value. A malformed value is reported, with the
/// number it most likely means as the help (`"9"` → `key = 9`, `-2` → `key = 2`).
fn number(meta: &Meta, errors: &mut Diagnostics) -> Number {
    let key = quote::ToTokens::to_token_stream(meta.path()).to_string();
    let Meta::NameValue(nv) = meta else {
        errors.at(meta, format!("`{key}` takes a whole number. help: write `{key} = {}`", example_number(&key)));
        return Number::Invalid(None);
    };
    let (meant, what) = match &nv.value {
        Expr::Lit(lit) => match &lit.lit {
            // a negative literal (`-1`) may come as one token
            Lit::Int(int) if int.base10_digits().starts_with('-') => {
                (int.base10_digits().trim_start_matches('-').parse::<usize>().ok(), "a whole number, 0 or more")
            }
            Lit::Int(int) => match int.base10_parse::<usize>() {
                Ok(n) => return Number::Valid(SpannedValue::new(n, int.span())),
                Err(_) => (None, "a whole number that fits in a `usize`"),
            },
            Lit::Str(text) => (text.value().trim().parse::<usize>().ok(), "a number, not a string"),
            Lit::Float(float) => {
                (float.base10_digits().split('.').next().and_then(|n| n.parse().ok()), "a whole number")
            }
            _ => (None, "a whole number"),
        },
        Expr::Unary(syn::ExprUnary { op: syn::UnOp::Neg(_), expr, .. }) => match &**expr {
            Expr::Lit(syn::ExprLit { lit: Lit::Int(int), .. }) => {
                (int.base10_parse::<usize>().ok(), "a whole number, 0 or more")
            }
            _ => (None, "a whole number, 0 or more"),
        },
        _ => (None, "a whole number"),
    };
    let negative = match &nv.value {
        Expr::Unary(_) => true,
        Expr::Lit(syn::ExprLit { lit: Lit::Int(int), .. }) => int.base10_digits().starts_with('-'),
        _ => false,
    };
    let help = match meant {
        Some(_) if negative && key == "timeout_ms" => {
            format!(
                "write a timeout in milliseconds, `timeout_ms = {}`, or remove `timeout_ms` for none",
                example_number(&key)
            )
        }
        Some(n) => format!("write `{key} = {n}`"),
        None => format!("write `{key} = {}`", example_number(&key)),
    };
    errors.at(&nv.value, format!("`{key}` takes {what}. help: {help}"));
    Number::Invalid(meant.filter(|_| !(negative && key == "timeout_ms")))
}

/// A value of `key` for the help of a malformed one: the default, or a typical timeout.
fn example_number(key: &str) -> usize {
    match key {
        "max_components" => 8,
        "min_components" => 2,
        "max_lines" => 400,
        _ => 500,
    }
}

/// `register = Self::wire`: a path to the hook. A single name (`register = wire`) is refused
/// with the fix: unresolved, rustc would only say "cannot find value `wire`".
fn hook(meta: &Meta) -> darling::Result<syn::Path> {
    if let Meta::NameValue(nv) = meta
        && let Expr::Path(path) = &nv.value
        && path.qself.is_none()
    {
        if let Some(name) = path.path.get_ident() {
            return Err(darling::Error::custom(format!(
                "`register = {name}`: the register hook is a method of the struct, written with `Self::`. help: write `register = Self::{name}` (or, for a free function, its path: `self::{name}`)"
            ))
            .with_span(&path.path));
        }
        return Ok(path.path.clone());
    }
    let node = match meta {
        Meta::NameValue(nv) => quote::ToTokens::to_token_stream(&nv.value),
        other => quote::ToTokens::to_token_stream(other),
    };
    Err(darling::Error::custom(
        "`register` takes the path of the register hook, a `fn(&mut Self) -> Result<(), E>` called once after every component's init. help: write `register = Self::wire`",
    )
    .with_span(&node))
}

/// `from_parts = new`: the name of a generated constructor.
fn constructor_name(meta: &Meta, key: &str) -> darling::Result<syn::Ident> {
    name_value(meta, || {
        format!("`{key}` takes the name of the generated constructor. help: write `{key} = new`, or another name")
    })
}

/// `key = name`: a single name, or `message` at the value.
fn name_value(meta: &Meta, message: impl FnOnce() -> String) -> darling::Result<syn::Ident> {
    if let Meta::NameValue(nv) = meta
        && let Expr::Path(path) = &nv.value
        && path.qself.is_none()
        && let Some(name) = path.path.get_ident()
    {
        return Ok(name.clone());
    }
    let node = match meta {
        Meta::NameValue(nv) => quote::ToTokens::to_token_stream(&nv.value),
        other => quote::ToTokens::to_token_stream(other),
    };
    Err(darling::Error::custom(message()).with_span(&node))
}

/// `result`, with darling's generic message (e.g. "Unexpected type `int`") replaced by what
/// `key` takes, at the same span.
fn explain<T>(result: darling::Result<T>, key: &str, takes: &str, example: &str) -> darling::Result<T> {
    result.map_err(|error| {
        let span = error.span();
        darling::Error::custom(format!("`{key}` takes {takes}. help: write `{example}`")).with_span(&span)
    })
}

/// Parses every `#[orchestrator(...)]` of the struct into one [`StructAttr`], key by key.
pub fn parse_struct(attrs: &[Attribute], errors: &mut Diagnostics) -> StructAttr {
    let (items, _) = nested(attrs, "orchestrator", errors);
    let mut out = StructAttr::default();
    let mut seen: Vec<String> = Vec::new();
    for item in &items {
        let NestedMeta::Meta(meta) = item else {
            errors.at(
                item,
                format!("expected a key of `#[orchestrator(...)]`. help: the keys are {}", STRUCT_KEYS.join(", ")),
            );
            continue;
        };
        let key = meta
            .path()
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_else(|| quote::ToTokens::to_token_stream(meta.path()).to_string().replace(' ', ""));
        if seen.contains(&key) {
            errors.at(meta, format!("`{key}` is given twice. help: keep one `{key}`"));
            continue;
        }
        seen.push(key.clone());
        match key.as_str() {
            "register" => out.register = errors.handle(hook(meta)),
            "max_components" => out.max_components = number(meta, errors),
            "min_components" => out.min_components = number(meta, errors),
            "max_lines" => out.max_lines = number(meta, errors),
            "allow" => {
                let list = explain(PathList::from_meta(meta), "allow", "a list of rule names", "allow(too_long)");
                out.allow = errors.handle(list).unwrap_or_default();
            }
            "crate" => {
                let path = explain(syn::Path::from_meta(meta), "crate", "a path", "crate = ::orchestrator");
                out.krate = errors.handle(path).and_then(|path| crate::runtime::given_crate(path, errors));
            }
            "cleanup_on_drop" => {
                let flag = explain(Flag::from_meta(meta), "cleanup_on_drop", "no value", "cleanup_on_drop");
                out.cleanup_on_drop = errors.handle(flag).unwrap_or_default();
            }
            "async" => {
                let flag = explain(Flag::from_meta(meta), "async", "no value", "async");
                out.asynchronous = errors.handle(flag).unwrap_or_default();
            }
            "from_parts" => out.from_parts = errors.handle(constructor_name(meta, "from_parts")),
            "from_config" => {
                let name = match meta {
                    Meta::Path(path) => Some(syn::Ident::new("from_config", syn::spanned::Spanned::span(path))),
                    _ => errors.handle(constructor_name(meta, "from_config")),
                };
                out.from_config = name.map(|name| (name, meta.path().clone()));
            }
            "keys" => {
                let name = name_value(meta, || {
                    "`keys` takes the name of the generated enum of component keys. help: write `keys = ShopKey`, or another type name".into()
                });
                out.keys = errors.handle(name);
            }
            _ => unknown_key(errors, meta, &key, "orchestrator", &STRUCT_KEYS),
        }
    }
    out
}

/// Parses the attributes of one field.
pub fn parse_field<'a>(attrs: &'a [Attribute], errors: &mut Diagnostics) -> FieldAttrs<'a> {
    let before = errors.len();
    let mut out = FieldAttrs::default();
    let mut components = attrs.iter().filter(|a| a.path().is_ident("component"));
    if let Some(attr) = components.next() {
        let parsed = match &attr.meta {
            Meta::Path(_) => Some(ComponentAttr::default()),
            Meta::List(list) => errors
                .handle(NestedMeta::parse_meta_list(list.tokens.clone()).map_err(Into::into))
                .map(|items| parse_component(&items, errors)),
            Meta::NameValue(_) => {
                errors.at(
                    attr,
                    "expected `#[component]` or `#[component(name = \"...\", after(...))]`. help: remove the `= ...`",
                );
                None
            }
        };
        out.component = Some((parsed.unwrap_or_default(), attr));
    }
    for extra in components {
        errors.at(
            extra,
            "duplicate `#[component]` attribute. help: merge them into one `#[component(name = \"...\", after(...))]`",
        );
    }
    let (items, first) = nested(attrs, "orchestrator", errors);
    if let Some(attr) = first
        && parse_field_keys(&items, errors)
    {
        out.config = Some(attr);
    }
    out.malformed = errors.len() > before;
    out
}
