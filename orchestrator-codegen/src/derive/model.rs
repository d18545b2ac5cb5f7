//! Stage 2: the validated form of a derived orchestrator, built from the struct and its parsed
//! attributes, with its initialization order (computed by `order`). It keeps references to the
//! user's syn nodes so errors and generated code can be spanned at the user's tokens.
//!
//! Building the model never stops at the first error: every misuse is reported and the model is completed with the best guess (for example the first of two
//! `Lifecycle` fields), so that the checks and the expansion still run and the user sees every
//! error of the item at once.

use darling::util::SpannedValue;
use proc_macro2::Span;
use quote::ToTokens;
use syn::{Data, DeriveInput, Field, Fields, Generics, Ident, Path, Type, Visibility};

use super::attr::{self, Number, StructAttr};
use super::order::{self, Node, Used};
use crate::diag::Diagnostics;
use crate::rule::{self, Rule, Site};
use crate::runtime;

/// Default of `max_components`.
pub const MAX_COMPONENTS: usize = 8;
/// Default of `min_components`.
pub const MIN_COMPONENTS: usize = 2;
/// Default of `max_lines`.
pub const MAX_LINES: usize = 400;

/// A derived orchestrator.
pub struct Model<'a> {
    /// The struct's name.
    pub ident: &'a Ident,
    /// The struct's visibility, given to the generated constructors.
    pub vis: &'a Visibility,
    /// The name of the constructor taking every field but the lifecycle (`from_parts`, or
    /// `from_parts = name`).
    pub from_parts: Ident,
    /// With `from_config` (or `from_config = name`) and a config field: the name of the
    /// constructor building every component from the config.
    pub from_config: Option<Ident>,
    /// With `from_config` but no config field (reported): the name, for a stand-in
    /// constructor that keeps its callers free of secondary errors.
    pub from_config_stand_in: Option<Ident>,
    /// The name of the generated enum of component keys (`keys = Name`, default: the struct's
    /// name followed by `Component`).
    pub keys: Ident,
    /// The struct's generics, for the generated impls (see [`impl_generics`]).
    pub generics: Generics,
    /// The runtime crate's path (`crate = path`, default `::orchestrator`).
    pub krate: Path,
    /// The register hook.
    pub register: Option<Path>,
    /// `max_components`, with the span of its value if written.
    pub max_components: (usize, Option<Span>),
    /// `min_components`, with the span of its value if written.
    pub min_components: (usize, Option<Span>),
    /// `max_lines`, if written.
    pub max_lines: Option<usize>,
    /// The rules switched off with `allow(...)`.
    pub allow: Vec<Rule>,
    /// `cleanup_on_drop`.
    pub cleanup_on_drop: bool,
    /// `async`: an async orchestrator, expanded by `expand_async`.
    pub asynchronous: bool,
    /// The `async` key, for the span of errors that async alone causes.
    pub async_key: Span,
    /// Every field, in declaration order.
    pub fields: Vec<FieldModel<'a>>,
    /// The components, in declaration order.
    pub components: Vec<Component<'a>>,
    /// Initialization order: indices into [`Model::components`].
    pub order: Vec<usize>,
    /// Per component (declaration order), the components (declaration order) it comes after.
    pub deps: Vec<Vec<usize>>,
    /// Per component (declaration order), what it receives in its `init` and `cleanup`
    /// (`uses(...)`, in the order written): components (declaration order) and the live status.
    pub uses: Vec<Vec<Used>>,
    /// Whether the lifecycle field was found (the expansion needs it).
    pub has_lifecycle: bool,
    /// Source lines of the struct item, 0 when unknown.
    pub lines: usize,
}

/// What a field is to the orchestrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `#[component]`: index into [`Model::components`].
    Component(usize),
    /// `#[orchestrator(config)]`.
    Config,
    /// The field of type `Lifecycle`.
    Lifecycle,
    /// Anything else: the `orchestrator_state` rule.
    State,
    /// A field whose attributes or role are already reported as misuse (a second lifecycle or
    /// config, a malformed attribute); no rule looks at it again.
    Invalid,
}

/// One field of the struct.
pub struct FieldModel<'a> {
    /// The field.
    pub field: &'a Field,
    /// Its name.
    pub ident: &'a Ident,
    /// What it is.
    pub role: Role,
}

/// One `#[component]` field.
pub struct Component<'a> {
    /// The field's name.
    pub ident: &'a Ident,
    /// The field's type.
    pub ty: &'a Type,
    /// The component's name (`name = "..."`, default: the field's name).
    pub name: String,
    /// `after(...)`: field names of the components this one comes after.
    pub after: Vec<Path>,
    /// `uses(...)`: field names of the components this one comes after and receives in its
    /// `init` and `cleanup`.
    pub uses: Vec<Path>,
    /// Where `uses` is written, for the error of a component that does not take what it names.
    pub uses_span: Option<Span>,
    /// `uses` was malformed (reported): the component is not reached at all.
    pub uses_broken: bool,
    /// Where the name comes from, for errors: the `name = "..."` value, else the field's name.
    pub name_node: proc_macro2::TokenStream,
    /// `timeout_ms = N` (async orchestrators only).
    pub timeout_ms: Option<u64>,
    /// Its variant in the key enum: the field's name in `UpperCamelCase`, spanned at the field.
    pub key: Ident,
    /// `emits(E1, E2)`: the event types it raises (async orchestrators only), each once.
    pub emits: Vec<Type>,
    /// The `emits` key, for spans.
    pub emits_key: Option<Path>,
}

impl Model<'_> {
    /// Whether `rule` is switched off with `allow(...)`.
    pub fn allows(&self, rule: Rule) -> bool {
        self.allow.contains(&rule)
    }

    /// The config field, if any.
    pub fn config(&self) -> Option<&FieldModel<'_>> {
        self.fields.iter().find(|f| f.role == Role::Config)
    }

    /// The lifecycle field (the first one when there are several).
    pub fn lifecycle(&self) -> Option<&Ident> {
        self.fields.iter().find(|f| f.role == Role::Lifecycle).map(|f| f.ident)
    }
}

/// Whether `ty` is a domain type that happens to be named `Lifecycle`: a path of several
/// segments, none of which names the runtime (`orchestrator`, `orchestrator_core`, its hidden
/// module). Marked `#[component]`, such a field is a component, not the orchestrator's state.
fn is_domain_lifecycle(ty: &Type) -> bool {
    match ty {
        Type::Path(path) if path.qself.is_none() && path.path.segments.len() > 1 => {
            !path.path.segments.iter().any(|s| {
                s.ident == "orchestrator"
                    || s.ident == "orchestrator_core"
                    || s.ident.to_string().starts_with("__private")
            })
        }
        Type::Group(group) => is_domain_lifecycle(&group.elem),
        Type::Paren(paren) => is_domain_lifecycle(&paren.elem),
        _ => false,
    }
}

/// Whether `field` is the orchestrator's lifecycle: its type is a path whose last segment is
/// `Lifecycle`, unless it is a `#[component]` of a domain type so named.
pub fn is_lifecycle_field(field: &Field) -> bool {
    is_lifecycle(&field.ty)
        && !(is_domain_lifecycle(&field.ty) && field.attrs.iter().any(|a| a.path().is_ident("component")))
}

/// Whether `ty` is the lifecycle: a path type whose last segment is `Lifecycle`.
pub fn is_lifecycle(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => path.qself.is_none() && path.path.segments.last().is_some_and(|s| s.ident == "Lifecycle"),
        Type::Group(group) => is_lifecycle(&group.elem),
        Type::Paren(paren) => is_lifecycle(&paren.elem),
        _ => false,
    }
}

/// The named fields of the struct, or the misuse error for any other shape.
pub fn named_fields(input: &DeriveInput) -> Result<&syn::FieldsNamed, syn::Error> {
    let help = "help: derive it on a struct with named fields: the components, an optional `#[orchestrator(config)]` and a `lifecycle: Lifecycle`";
    let (node, what) = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => return Ok(named),
            Fields::Unnamed(fields) => {
                (fields.to_token_stream(), "needs named fields: a tuple struct cannot name its components")
            }
            Fields::Unit => (
                input.ident.to_token_stream(),
                "on a unit struct: an orchestrator coordinates components, and this struct has none",
            ),
        },
        Data::Enum(data) => (
            data.enum_token.to_token_stream(),
            "on an enum: an orchestrator holds all of its components at once, an enum holds one variant",
        ),
        Data::Union(data) => {
            (data.union_token.to_token_stream(), "on a union: an orchestrator holds all of its components at once")
        }
    };
    Err(syn::Error::new_spanned(node, format!("`#[derive(Orchestrator)]` {what}. {help}")))
}

/// `generics` for the generated impls: each lifetime parameter spanned at the macro call. An
/// impl names a lifetime of the struct once in its header and once in its self type; with the
/// user's span, `single_use_lifetimes` would report the struct's lifetime as used once (as it
/// does not for the built-in derives, whose impls carry the derive's span).
pub fn impl_generics(generics: &Generics) -> Generics {
    let mut generics = generics.clone();
    for param in &mut generics.params {
        if let syn::GenericParam::Lifetime(param) = param {
            param.lifetime.apostrophe = Span::call_site();
            param.lifetime.ident.set_span(Span::call_site());
        }
    }
    generics
}

/// Builds the model; `None` when the item is not a struct with named fields.
pub fn build<'a>(input: &'a DeriveInput, errors: &mut Diagnostics) -> Option<Model<'a>> {
    let attrs = attr::parse_struct(&input.attrs, errors);
    let named = match named_fields(input) {
        Ok(named) => named,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    let StructAttr {
        register,
        max_components,
        min_components,
        max_lines,
        allow,
        krate,
        cleanup_on_drop,
        asynchronous,
        from_parts,
        from_config,
        keys,
    } = attrs;
    if asynchronous.is_present() && cleanup_on_drop.is_present() {
        errors.at(
            quote::quote_spanned!(cleanup_on_drop.span()=> cleanup_on_drop),
            "`cleanup_on_drop` cannot be used with `async`: `Drop` cannot wait for an async `cleanup()`. help: remove `cleanup_on_drop` and call `cleanup().await` before the orchestrator goes out of scope",
        );
    }
    let allow = rule::parse_allow(&allow, Site::Struct, errors);
    let (max_components, min_components) = limits(&input.ident, max_components, min_components, errors);
    // a malformed `max_lines` (reported) switches `too_long` off rather than falling back to 400
    let max_lines = match max_lines {
        Number::Invalid(None) => Some(usize::MAX),
        other => other.value(),
    };
    let mut model = Model {
        ident: &input.ident,
        vis: &input.vis,
        from_parts: from_parts.clone().unwrap_or_else(|| Ident::new("from_parts", Span::call_site())),
        from_config: None,
        from_config_stand_in: None,
        keys: keys_enum(&input.ident, keys, errors),
        generics: impl_generics(&input.generics),
        krate: krate.unwrap_or_else(runtime::default_crate),
        register,
        max_components,
        min_components,
        max_lines,
        allow,
        cleanup_on_drop: cleanup_on_drop.is_present() && !asynchronous.is_present(),
        asynchronous: asynchronous.is_present(),
        async_key: asynchronous.span(),
        fields: Vec::new(),
        components: Vec::new(),
        order: Vec::new(),
        deps: Vec::new(),
        uses: Vec::new(),
        has_lifecycle: false,
        lines: lines(input, named),
    };
    for field in &named.named {
        let Some(ident) = field.ident.as_ref() else { continue };
        let role = field_role(&mut model, field, ident, errors);
        model.fields.push(FieldModel { field, ident, role });
    }
    if !model.has_lifecycle {
        errors.at(
            &input.ident,
            format!(
                "`{}` has no `Lifecycle` field: an orchestrator keeps its own state (created, ready, stopped, failed) in one. help: add the field `lifecycle: Lifecycle`",
                input.ident
            ),
        );
    }
    for (index, component) in model.components.iter().enumerate() {
        if let Some(earlier) = model.components.iter().take(index).find(|c| c.name == component.name) {
            errors.at(
                &component.name_node,
                format!(
                    "two components are named `{}` (fields `{}` and `{}`): status, errors and traces name components, so the names must differ. help: give one a different #[component(name = \"...\")]",
                    component.name, earlier.ident, component.ident
                ),
            );
        }
    }
    for index in 0..model.components.len() {
        let (earlier, rest) = model.components.split_at_mut(index);
        let Some(component) = rest.first_mut() else { continue };
        if let Some(earlier) = earlier.iter().find(|c| c.key == component.key) {
            errors.at(
                component.ident,
                format!(
                    "the fields `{}` and `{}` have the same key, `{}::{}`: the derive names each component's key after its field, in UpperCamelCase. help: rename one of the two fields",
                    earlier.ident, component.ident, model.keys, component.key
                ),
            );
            // reported: a variant of its own, so that the enum adds no second error
            component.key = Ident::new(&format!("{}__{index}", component.key), component.key.span());
        }
    }
    let missing_config = from_config.as_ref().filter(|_| model.config().is_none()).map(|(name, _)| name.clone());
    model.from_config = config_constructor(&mut model, from_parts.as_ref(), from_config, errors);
    model.from_config_stand_in = missing_config;
    let others: Vec<&Ident> =
        model.fields.iter().filter(|f| !matches!(f.role, Role::Component(_))).map(|f| f.ident).collect();
    let nodes: Vec<Node<'_>> = model
        .components
        .iter()
        .map(|c| Node { ident: c.ident, name: &c.name, after: &c.after, uses: &c.uses })
        .collect();
    let config = model.config().map(|c| c.ident);
    let order = order::resolve(&nodes, &others, model.lifecycle(), config, errors);
    model.order = order.order;
    model.deps = order.deps;
    model.uses = order.uses;
    Some(model)
}

/// `max_components` and `min_components`, each with the span of its value if written. Limits
/// that contradict each other (no number of components satisfies both) are one error, at the
/// minimum, and then neither limit is checked: reporting `too_few_components` or
/// `too_many_components` as well would be a second error for the same mistake. A malformed
/// limit (already reported) is the number it means (`"9"` is 9), else not checked.
fn limits(
    ident: &Ident,
    max: Number,
    min: Number,
    errors: &mut Diagnostics,
) -> ((usize, Option<Span>), (usize, Option<Span>)) {
    let written = |number: Number, default: usize, unchecked: usize| match number {
        Number::Absent => ((default, None), true),
        Number::Valid(v) => ((*v, Some(v.span())), true),
        Number::Invalid(Some(meant)) => ((meant, None), false),
        Number::Invalid(None) => ((unchecked, None), false),
    };
    let (max, max_valid) = written(max, MAX_COMPONENTS, usize::MAX);
    let (min, min_valid) = written(min, MIN_COMPONENTS, 0);
    if min.0 <= max.0 || !(max_valid && min_valid) {
        return (max, min);
    }
    let written = |(value, span): (usize, Option<Span>), key: &str| match span {
        Some(_) => format!("`{key} = {value}`"),
        None => format!("`{key}` (default {value})"),
    };
    let message = format!(
        "{} is more than {}: the limits of `{ident}` contradict each other, no number of components satisfies both. help: make `min_components` at most `max_components`",
        written(min, "min_components"),
        written(max, "max_components"),
    );
    match min.1.or(max.1) {
        Some(span) => errors.at(quote::quote_spanned!(span=> value), message),
        None => errors.at(ident, message),
    }
    ((usize::MAX, max.1), (0, min.1))
}

/// The name of the config constructor, when `from_config` asks for one: reported when there is
/// no config field to build from, or when it has the name of the `from_parts` constructor. When
/// the struct has exactly one field that is none of a component, the config or the lifecycle,
/// that field is the config left unmarked: the one error is there (and `orchestrator_state`
/// does not report it again).
fn config_constructor(
    model: &mut Model<'_>,
    from_parts: Option<&Ident>,
    requested: Option<(Ident, Path)>,
    errors: &mut Diagnostics,
) -> Option<Ident> {
    let (name, key) = requested?;
    if model.config().is_none() {
        let key_text = key.to_token_stream().to_string();
        let mut state = model.fields.iter_mut().filter(|f| f.role == Role::State);
        match (state.next(), state.next()) {
            (Some(field), None) => {
                field.role = Role::Invalid;
                errors.at(
                    field.ident,
                    format!(
                        "`{}` is not marked `#[orchestrator(config)]`, and `{key_text}` builds every component from the config. help: mark it: `#[orchestrator(config)]` above `{}`",
                        field.ident, field.ident
                    ),
                );
            }
            _ => errors.at(
                &key,
                format!(
                    "`from_config` builds every component from the config, and `{}` has no `#[orchestrator(config)]` field. help: mark the config field `#[orchestrator(config)]`, or remove `from_config`",
                    model.ident
                ),
            ),
        }
        return None;
    }
    if name == model.from_parts {
        let node = from_parts.map_or_else(|| name.to_token_stream(), ToTokens::to_token_stream);
        errors.at(
            node,
            format!(
                "both generated constructors are named `{name}`. help: give `from_parts = ...` and `from_config = ...` different names"
            ),
        );
        return None;
    }
    Some(name)
}

/// The role of one field, reporting misused attributes.
fn field_role<'a>(model: &mut Model<'a>, field: &'a Field, ident: &'a Ident, errors: &mut Diagnostics) -> Role {
    let attrs = attr::parse_field(&field.attrs, errors);
    if is_lifecycle_field(field) {
        if let Some((_, attr)) = &attrs.component {
            errors.at(
                attr,
                format!(
                    "`{ident}` is the orchestrator's `Lifecycle`, not a component: the lifecycle records the components' states. help: remove `#[component]`"
                ),
            );
        }
        if let Some(attr) = attrs.config {
            errors.at(
                attr,
                format!(
                    "`{ident}` is the orchestrator's `Lifecycle`, not its config. help: remove `#[orchestrator(config)]`"
                ),
            );
        }
        if model.has_lifecycle {
            errors.at(
                field,
                format!(
                    "`{}` has a second `Lifecycle` field `{ident}`: an orchestrator has exactly one lifecycle. help: remove this field",
                    model.ident
                ),
            );
            return Role::Invalid;
        }
        model.has_lifecycle = true;
        return Role::Lifecycle;
    }
    if let Some(attr) = attrs.config {
        if let Some((_, component)) = &attrs.component {
            errors.at(
                component,
                format!(
                    "`{ident}` is marked both `#[component]` and `#[orchestrator(config)]`: the config is shown in the status, components are initialized. help: keep one of the two"
                ),
            );
        }
        if let Some(first) = model.fields.iter().find(|f| f.role == Role::Config) {
            errors.at(
                attr,
                format!(
                    "second `#[orchestrator(config)]` field: `{}` is already the config, an orchestrator has at most one. help: group the settings in one config type",
                    first.ident
                ),
            );
            return Role::Invalid;
        }
        return Role::Config;
    }
    let Some((component, _)) = attrs.component else {
        return if attrs.malformed { Role::Invalid } else { Role::State };
    };
    let name_node = component.name.as_ref().map_or_else(
        || ident.to_token_stream(),
        |name| {
            let mut lit = proc_macro2::Literal::string(name);
            lit.set_span(name.span());
            lit.to_token_stream()
        },
    );
    if let Some(timeout) = &component.timeout_ms
        && !model.asynchronous
    {
        errors.at(
            quote::quote_spanned!(timeout.span()=> timeout_ms),
            format!(
                "`timeout_ms` on `{ident}` needs an async orchestrator: a sync `init` cannot be interrupted when it takes too long. help: add `#[orchestrator(async)]` to `{}`, or remove `timeout_ms`",
                model.ident
            ),
        );
    }
    let timeout_ms = component.timeout_ms.as_ref().map(|t| **t);
    let (emits, emits_key) = emits(model, ident, component.emits, errors);
    let name = component.name.map_or_else(|| syn::ext::IdentExt::unraw(ident).to_string(), SpannedValue::into_inner);
    let after = component.after;
    let (uses, uses_span) = match component.uses {
        // `uses()` lists nothing: a component that takes nothing
        Some((list, span)) if !list.is_empty() || component.uses_broken => (list, Some(span)),
        Some(_) => (Vec::new(), None),
        None => (Vec::new(), None),
    };
    let uses_broken = component.uses_broken;
    let key = Ident::new(&key_variant(ident), ident.span());
    model.components.push(Component {
        ident,
        ty: &field.ty,
        name,
        after,
        uses,
        uses_span,
        uses_broken,
        name_node,
        timeout_ms,
        key,
        emits,
        emits_key,
    });
    Role::Component(model.components.len() - 1)
}

/// The name of the key enum: `keys = Name`, else the struct's name followed by `Component`
/// (spanned at the struct's name). The struct's own name is refused.
fn keys_enum(ident: &Ident, keys: Option<Ident>, errors: &mut Diagnostics) -> Ident {
    let name = syn::ext::IdentExt::unraw(ident);
    match keys {
        Some(keys) if keys == name => {
            errors.at(
                &keys,
                format!(
                    "`keys = {keys}` names the key enum after the struct itself, and both are types of the same module. help: choose another name, such as `keys = {name}Key`"
                ),
            );
            Ident::new(&format!("{name}Component"), ident.span())
        }
        Some(keys) => keys,
        None => Ident::new(&format!("{name}Component"), ident.span()),
    }
}

/// A field's name in `UpperCamelCase`, the variant of its component in the key enum:
/// `audit_log` → `AuditLog`, `r#type` → `Type`, `db2` → `Db2`. A name that is no identifier
/// then gets a `_`: `Self_` for `self_`, `_1` for `_1`, `__` for `__`.
pub fn key_variant(ident: &Ident) -> String {
    let text = syn::ext::IdentExt::unraw(ident).to_string();
    let mut out = String::with_capacity(text.len());
    for part in text.split('_').filter(|part| !part.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out == "Self" {
        out.push('_');
    }
    if out.is_empty() {
        out.push_str("__");
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The event types of component `ident`'s `emits(...)`, each once: reported (and dropped) on a
/// sync orchestrator, which never runs to receive them, and when one is listed twice.
fn emits(
    model: &Model<'_>,
    ident: &Ident,
    emits: Option<(Vec<Type>, Path)>,
    errors: &mut Diagnostics,
) -> (Vec<Type>, Option<Path>) {
    let Some((types, key)) = emits else { return (Vec::new(), None) };
    if !model.asynchronous {
        errors.at(
            &key,
            format!(
                "`emits` on `{ident}` needs an async orchestrator: events reach an orchestrator while `serve` runs it, and only an async one runs. help: add `#[orchestrator(async)]` to `{}`, or remove `emits`",
                model.ident
            ),
        );
        return (Vec::new(), None);
    }
    let mut unique: Vec<Type> = Vec::with_capacity(types.len());
    for ty in types {
        let text = ty.to_token_stream().to_string();
        if unique.iter().any(|seen| seen.to_token_stream().to_string() == text) {
            errors.at(
                &ty,
                format!("`{}` is listed twice in `emits` of `{ident}`. help: keep one", text.replace(' ', "")),
            );
        } else {
            unique.push(ty);
        }
    }
    (unique, Some(key))
}

/// Lines from the struct's name to its closing brace, 0 when the compiler gives no lines.
/// Counted from the name, not the `struct` keyword: a struct whose body and name pass through a
/// `macro_rules!` has its keyword where the macro is defined, and its name and body where it is
/// called; the distance between the two places is no size.
fn lines(input: &DeriveInput, named: &syn::FieldsNamed) -> usize {
    let open = named.brace_token.span.open().start().line;
    let end = named.brace_token.span.close().end().line;
    let mut start = input.ident.span().start().line;
    if start == 0 || start > open {
        start = open;
    }
    if start == 0 || end < start { 0 } else { end - start + 1 }
}
