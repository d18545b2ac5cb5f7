//! Stage 4, shared by [`expand`](super::expand) and [`expand_async`](super::expand_async): how
//! the generated code reaches each component, through a trait of the runtime chosen by the
//! component's kind (the runtime's `kind` module says which mistake each kind reports, and
//! how), so that a mistake in a component's type or its `uses(...)` is one error, at the field
//! or at `uses`, with the message that fits it.
//!
//! A component whose type names no generic parameter gets a `const __K<n>: u8` computed by
//! `__kind!`; one whose type does is reached with kind 0, whose bound is then the one rustc
//! suggests writing on the struct (`W: for<'a> Uses<&'a Db>` with `uses(db)`).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use super::checks::nested_orchestrator::{self, mentions_generics};
use super::model::{Component, Model};
use super::order::Used;
use super::span::{over, respan};

/// The most dependencies one `uses(...)` can lend through the runtime's `Family` (its tuples);
/// a longer list is reached without kinds.
const MAX_FAMILY: usize = 12;

/// What a component's `uses(...)` lends, given the lifecycle field's expression.
pub(crate) type Borrow = Box<dyn Fn(&TokenStream) -> TokenStream>;

/// How one component is reached.
pub(crate) struct Reach {
    /// `<SyncKind<K>>` (and the others) or `<Type as UsesField<D>>`: `::step(..)` and
    /// `::health(..)` take the component first. Empty for a component with a malformed `uses`
    /// or an unknown name in it, already reported, which is not reached at all (no second
    /// error).
    pub path: TokenStream,
    /// What its `uses(...)` lends (`&self.db`, `(&self.a, &self.b)`), if it has one, given the
    /// lifecycle field's expression (the `StatusHandle` of a `uses(lifecycle)` comes from it).
    pub borrow: Option<Borrow>,
    /// Reached through the runtime's kinds (else through `UsesField<D>`: generic dependencies).
    kinded: bool,
}

impl Reach {
    /// Whether the component is reached at all.
    pub(crate) fn is_reached(&self) -> bool {
        !self.path.is_empty()
    }

    /// The component's health, `Option<Health>`.
    pub(crate) fn health(&self, field: &Ident) -> TokenStream {
        let path = &self.path;
        quote!(#path::health(&self.#field))
    }

    /// One step of the component: `step` is the `Step` in scope, `lifecycle` the lifecycle
    /// field borrowed mutably (for a `uses(lifecycle)`, whose `StatusHandle` comes from it).
    pub(crate) fn step(&self, field: &Ident, step: &TokenStream, lifecycle: &TokenStream) -> TokenStream {
        let path = &self.path;
        match &self.borrow {
            Some(borrow) => {
                let borrow = borrow(lifecycle);
                quote!(#path::step(&mut self.#field, #borrow, #step))
            }
            None => quote!(#path::step(&mut self.#field, #step)),
        }
    }

    /// Whether the component's steps block the thread (async orchestrators).
    pub(crate) fn blocking(&self, field: &Ident) -> TokenStream {
        let path = &self.path;
        if self.kinded { quote!(#path::blocking(&self.#field)) } else { quote!(#path::BLOCKING) }
    }
}

/// The name of the kind constant of the component declared at `declared`.
fn kind_name(declared: usize) -> Ident {
    format_ident!("__K{}", declared)
}

/// One entry of a component's `uses(...)`: another component, or the orchestrator's live
/// status (`uses(lifecycle)`).
#[derive(Clone, Copy)]
enum Lent<'m, 'a> {
    /// A shared reference to this component's field.
    Component(&'m Component<'a>),
    /// The `StatusHandle`, by value.
    Status,
}

/// What the `uses(...)` of the component declared at `declared` names, each with the `uses`
/// key's span: `None` without `uses`, `Some(None)` when it names something unknown or is
/// malformed (already reported).
fn used<'m, 'a>(model: &'m Model<'a>, declared: usize) -> Option<Option<(Vec<Lent<'m, 'a>>, Span)>> {
    let component = model.components.get(declared)?;
    let span = component.uses_span?;
    let used: Vec<Lent<'_, '_>> = model
        .uses
        .get(declared)
        .into_iter()
        .flatten()
        .filter_map(|used| match used {
            Used::Component(index) => model.components.get(*index).map(Lent::Component),
            Used::Status => Some(Lent::Status),
        })
        .collect();
    if component.uses_broken || used.len() != component.uses.len() || model.lifecycle().is_none() {
        return Some(None);
    }
    Some(Some((used, span)))
}

/// The runtime's `Family` of what `used` lends (`&'static A`, `(&'static A, &'static B)`),
/// when a `const` item can name it and it lends only components (the live status, by value,
/// is lent without kinds).
fn family(model: &Model<'_>, used: &[Lent<'_, '_>], span: Span) -> Option<TokenStream> {
    if used.len() > MAX_FAMILY {
        return None;
    }
    let types = used
        .iter()
        .map(|lent| match lent {
            Lent::Component(c) if !mentions_generics(c.ty, &model.generics) => {
                let ty = c.ty;
                Some(quote_spanned!(span=> &'static #ty))
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(if used.len() == 1 { quote!(#(#types)*) } else { quote_spanned!(span=> (#(#types,)*)) })
}

/// The runtime's `Family` of what the `uses(...)` of the component declared at `declared`
/// lends, when it has a `uses(...)`, it names only components, and a `const` item can name them.
pub(crate) fn family_of(model: &Model<'_>, declared: usize) -> Option<TokenStream> {
    let (used, span) = used(model, declared)??;
    family(model, &used, span)
}

/// Whether the component's kind is computed: a `const` item can name its type, and it can be a
/// mistake other than a type that is no component (every component of a sync orchestrator,
/// and those with `uses(...)` of an async one).
fn has_kind(model: &Model<'_>, component: &Component<'_>, asynchronous: bool) -> bool {
    nested_orchestrator::is_probed(model, component) && !(asynchronous && component.uses_span.is_none())
}

/// The names the reaches use, for the `const _` scope: `__Kind` (the runtime's `Kinded`),
/// `__Field` (`SyncField`, or for an async orchestrator `AsyncComponentField`) and `__Uses`
/// (`SyncUses` or `AsyncUsesReach`), as far as needed.
pub(crate) fn imports(model: &Model<'_>, asynchronous: bool) -> TokenStream {
    if model.components.is_empty() {
        return TokenStream::new();
    }
    let (field, uses_trait) = if asynchronous {
        (quote!(AsyncComponentField), quote!(AsyncUsesReach))
    } else {
        (quote!(SyncField), quote!(SyncUses))
    };
    let uses = (0..model.components.len()).any(|declared| family_of(model, declared).is_some());
    let kind = (!asynchronous || uses).then(|| {
        quote!(
            use __private::Kinded as __Kind;
        )
    });
    let uses = uses.then(|| quote!(use __private::#uses_trait as __Uses;));
    quote! {
        #kind
        use __private::#field as __Field;
        #uses
    }
}

/// The kind of the component declared at `declared`, for `__check_nested!`: the name of its
/// constant, `sync` or `async`, and the family of what its `uses(...)` lends (`__K3 sync,
/// &'static Db`); `None` for a component without one (see [`has_kind`]).
pub(crate) fn kind(model: &Model<'_>, declared: usize, asynchronous: bool) -> Option<TokenStream> {
    let component = model.components.get(declared)?;
    if !has_kind(model, component, asynchronous) {
        return None;
    }
    let mode = if asynchronous { quote!(async) } else { quote!(sync) };
    let name = kind_name(declared);
    match used(model, declared) {
        None => Some(quote!(#name #mode)),
        Some(Some((used, span))) => {
            let family = family(model, &used, span)?;
            Some(quote!(#name #mode, #family))
        }
        Some(None) => None,
    }
}

/// How the component declared at `declared` is reached, in a sync or async orchestrator.
pub(crate) fn reach(model: &Model<'_>, declared: usize, asynchronous: bool) -> Option<Reach> {
    let component = model.components.get(declared)?;
    let ty = component.ty;
    let kind = if has_kind(model, component, asynchronous) {
        let name = kind_name(declared);
        quote!({ #name })
    } else {
        quote!(0)
    };
    let Some(uses) = used(model, declared) else {
        if asynchronous {
            // no kind (see the runtime's `kind`): the plain bound, spanning the field's type
            return Some(Reach { path: quote!(<#ty as __Field>), borrow: None, kinded: false });
        }
        // spanned over the field's type: a type that is no component is reported there, whole
        let kinded = over(quote!(__Kind<#ty, #kind>), ty);
        let path = quote!(<#kinded as __Field<_>>);
        return Some(Reach { path, borrow: None, kinded: true });
    };
    let Some((used, span)) = uses else {
        return Some(Reach { path: TokenStream::new(), borrow: None, kinded: true });
    };
    // spanned at the `uses` key: a component that does not take what it names is reported there
    let ty = respan(ty, span);
    let fields: Vec<Option<TokenStream>> = used
        .iter()
        .map(|lent| match lent {
            Lent::Component(c) => {
                let field = c.ident;
                Some(quote_spanned!(span=> &self.#field))
            }
            Lent::Status => None,
        })
        .collect();
    let one = used.len() == 1;
    let borrow = move |lifecycle: &TokenStream| {
        // the `StatusHandle` at the derive's own span: one the user imported would make the path
        // an "unnecessary qualification" at theirs
        let fields = fields.iter().map(|field| match field {
            Some(field) => field.clone(),
            None => quote!(__private::status_of::<Self>(#lifecycle)),
        });
        if one { quote!(#(#fields)*) } else { quote_spanned!(span=> (#(#fields),*)) }
    };
    let kind = respan(&kind, span);
    let family = family(model, &used, span);
    let kinded = family.is_some();
    let path = match family {
        Some(family) => quote_spanned!(span=> <__Kind<#ty, #kind> as __Uses<_, #family>>),
        None => {
            // generic dependencies, the live status (or very many): the plain bound, without kinds
            let types = used.iter().map(|lent| match lent {
                Lent::Component(c) => {
                    let ty = c.ty;
                    quote_spanned!(span=> &#ty)
                }
                Lent::Status => quote!(__private::StatusHandle),
            });
            let deps = if used.len() == 1 { quote!(#(#types)*) } else { quote_spanned!(span=> (#(#types),*)) };
            if asynchronous {
                quote_spanned!(span=> <#ty as __private::AsyncUsesField<#deps>>)
            } else {
                quote_spanned!(span=> <#ty as __private::UsesField<#deps>>)
            }
        }
    };
    Some(Reach { path, borrow: Some(Box::new(borrow)), kinded })
}
