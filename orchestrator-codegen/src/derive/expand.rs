//! Stage 4: the generated code of a valid model: the component list (`DerivedOrchestrator` and
//! `SyncComponents`, which make the struct an `Orchestrator` through the runtime's blanket
//! impl), reached through the runtime's versioned hidden module (imported once as
//! `__private`, see `crate::runtime`), plus the constructors. The lifecycle logic itself is
//! not generated; it lives once, in `orchestrator-core`.
//!
//! The constructors take no name a hand-written impl block commonly uses: `from_parts(...)`
//! (every field but the lifecycle; `from_parts = name` renames it, `from_parts = new` included)
//! and, only when asked with `from_config`, `from_config(config)`. A `pub fn new` of the
//! user's own next to the derive compiles, and may build on `Self::from_parts(...)`.

use proc_macro2::{Delimiter, Group, Literal, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;

use super::checks::nested_orchestrator;
use super::model::{self, Component, Model, Role, is_lifecycle_field};
use super::reach;
use super::span::{respan, spanned_invocation};
use crate::rule::Rule;
use crate::runtime;

/// Everything `#[derive(Orchestrator)]` emits for `model`, wrapped in `const _: () = { ... };`.
pub fn expand(model: &Model<'_>) -> TokenStream {
    let checks = nested_checks(model);
    // Components are reached through `<__Kind<Type, KIND> as __Field<_>>` (see `reach`), so a
    // non-component type gets one error, spanning that type, with `Component`'s message.
    let imports = reach::imports(model, false);
    let parts = components_impl(model);
    let not_a_component = not_a_component(model.ident, &model.generics);
    let constructors = constructors(model);
    let keys = keys(model);
    let drop = drop_impl(model);
    let scoped = scope(
        model,
        quote! {
            #imports
            #checks
            #parts
            #not_a_component
            #drop
        },
    );
    quote!(#scoped #constructors #keys)
}

/// The key enum, one variant per component in initialization order, with its impls, written
/// once in the runtime's `__component_keys!`. Outside the `const _` scope, so that it can be
/// named; with the struct's visibility.
pub(crate) fn keys(model: &Model<'_>) -> TokenStream {
    let Model { ident, vis, keys, .. } = model;
    let private = runtime::hidden_module(&model.krate);
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    let variants = ordered(model).into_iter().map(|c| {
        let (key, name) = (&c.key, &c.name);
        quote!(#key = #name)
    });
    if model.generics.params.is_empty() && where_clause.is_none() {
        return quote!(#private::__component_keys!(#vis #keys of #ident [#(#variants),*]););
    }
    quote! {
        #private::__component_keys!(
            #vis #keys of #ident { #impl_generics } #ident #ty_generics, { #where_clause } [#(#variants),*]
        );
    }
}

/// `FieldKind` and `AsyncFieldKind` (so `ComponentField` and `AsyncComponentField`) for the
/// orchestrator itself and for a `Box` of it (a boxed component is a component), with their default bodies, which are never called:
/// used as a component of another orchestrator, it is then reported once, by
/// `nested_orchestrator`, and not a second time as "not a component". The impls are written
/// once, in the runtime's `__not_a_component!`.
pub(crate) fn not_a_component(ident: &syn::Ident, generics: &syn::Generics) -> TokenStream {
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote!(__private::__not_a_component!({ #impl_generics } #ident #ty_generics, { #where_clause });)
}

/// `items` inside `const _: () = { ... };`, with the runtime's hidden module imported as
/// `__private` and `Option` as `__Option` (sync and async orchestrators alike).
pub(crate) fn scope(model: &Model<'_>, items: TokenStream) -> TokenStream {
    let hidden = runtime::hidden_module(&model.krate);
    quote! {
        const _: () = {
            use #hidden as __private;
            use ::core::option::Option as __Option;
            #items
        };
    }
}

/// The components in initialization order.
pub(crate) fn ordered<'m, 'a>(model: &'m Model<'a>) -> Vec<&'m Component<'a>> {
    model.order.iter().filter_map(|&i| model.components.get(i)).collect()
}

/// The `nested_orchestrator` checks: once, the rule for this orchestrator (its message from the
/// runtime's `__nested_message!`, in a `Nested`); per probed component, one `__nested!` of the
/// runtime (a `const` calling `Nested::at` with the type's four probes), spanned over the
/// field's type so the const-evaluation error points there: a few tokens from the derive, one
/// line in `cargo expand`; with it, the component's kind constant (see `reach`). They expect `__private` (the runtime's
/// hidden module) in scope.
pub(crate) fn nested_checks(model: &Model<'_>) -> TokenStream {
    let name = syn::ext::IdentExt::unraw(model.ident).to_string();
    let mut kinds = false;
    let checks: Vec<TokenStream> = model
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| nested_orchestrator::is_probed(model, c))
        .map(|(declared, c)| {
            let ty = c.ty;
            let kind = reach::kind(model, declared, model.asynchronous).map(|kind| quote!(, #kind));
            kinds |= kind.is_some();
            spanned_invocation(quote!(__private::__nested!), quote!(#ty #kind), ty)
        })
        .collect();
    if checks.is_empty() {
        return TokenStream::new();
    }
    // the names `__kind!` expects: the probes' type and the trait of their defaults
    let kind = kinds.then(|| quote!(Kind as __Kd, Unproven as _,));
    quote! {
        use __private::{#kind NotAnOrchestrator as _, Probe as __P};
        const __N: __private::Nested = __private::Nested(__private::__nested_message!(#name));
        #(#checks)*
    }
}

/// `const NAME`, `const COMPONENTS` (initialization order: the key enum's `NAMES`, so the names
/// are listed once), `const DEPENDENCIES` and `const TYPES`: with the `SyncComponents` or `AsyncComponents` impl they make the orchestrator's
/// `Orchestrator` (or `AsyncOrchestrator`) impl, a blanket impl of the runtime.
fn names(model: &Model<'_>) -> TokenStream {
    let name = syn::ext::IdentExt::unraw(model.ident).to_string();
    let ordered = ordered(model);
    let keys = &model.keys;
    let types = ordered.iter().map(|c| pretty(c.ty));
    let dependencies = dependencies(model);
    quote! {
        const NAME: &'static str = #name;
        const COMPONENTS: &'static [&'static str] = #keys::NAMES;
        #dependencies
        const TYPES: &'static [&'static str] = &[#(#types),*];
    }
}

/// `const DEPENDENCIES`, in initialization-order indices; nothing when no component has
/// `after(...)`.
pub(crate) fn dependencies(model: &Model<'_>) -> TokenStream {
    if model.deps.iter().all(Vec::is_empty) {
        return TokenStream::new();
    }
    let position = |declared: &usize| model.order.iter().position(|o| o == declared);
    let rows = model.order.iter().map(|&declared| {
        let mut after: Vec<usize> =
            model.deps.get(declared).map(|d| d.iter().filter_map(position).collect()).unwrap_or_default();
        after.sort_unstable();
        let after = after.into_iter().map(Literal::usize_unsuffixed);
        quote!(&[#(#after),*])
    });
    quote!(const DEPENDENCIES: &'static [&'static [usize]] = &[#(#rows),*];)
}

/// `impl SyncComponents`: each component's health and steps by index (with the references
/// its `uses(...)` names), and the register hook, after the base impl.
fn components_impl(model: &Model<'_>) -> TokenStream {
    let ident = model.ident;
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    let reached: Vec<_> = model
        .order
        .iter()
        .enumerate()
        .filter_map(|(index, &declared)| {
            let c = model.components.get(declared)?;
            Some((Literal::usize_unsuffixed(index), c.ident, reach::reach(model, declared, false)?))
        })
        .collect();
    let health = reached.iter().map(|(index, field, reach)| {
        let health = if reach.is_reached() { reach.health(field) } else { quote!(__Option::None) };
        quote!(#index => #health,)
    });
    let lifecycle = model.lifecycle().map(|lifecycle| quote!(&mut self.#lifecycle));
    let steps = reached.iter().map(|(index, field, reach)| {
        let step = match &lifecycle {
            Some(lifecycle) if reach.is_reached() => reach.step(field, &quote!(step), lifecycle),
            _ => quote!(::core::result::Result::Ok(())),
        };
        quote!(#index => #step,)
    });
    // The hook's parameters are checked by the coercion to a fn pointer, what it returns by
    // `SyncHookResult` (an `async fn` returns a future) and its error type by `HookError`: all
    // spanned at the hook's path, each mistake is one error there.
    let register = model.register.as_ref().map(|path| {
        let call = quote_spanned! {path.span()=>
            let __hook: fn(&'__a mut Self) -> _ = #path;
            let __result = __private::SyncHookResult::into_result(__hook(self));
            ::core::result::Result::map_err(__result, __private::HookError::into_component_error)
        };
        quote! {
            fn register<'__a>(&'__a mut self) -> __private::StepResult {
                #call
            }
        }
    });
    let base = derived_impl(model);
    quote! {
        #base
        #[automatically_derived]
        impl #impl_generics __private::SyncComponents for #ident #ty_generics #where_clause {
            fn health(&self, index: usize) -> __Option<__private::Health> {
                match index {
                    #(#health)*
                    _ => __Option::None,
                }
            }
            #[inline]
            fn step(&mut self, i: usize, step: __private::Step) -> __private::StepResult {
                match i {
                    #(#steps)*
                    _ => ::core::result::Result::Ok(()),
                }
            }
            #register
        }
    }
}

/// `impl DerivedOrchestrator`, the base of sync and async orchestrators: the names, the
/// register hook's name, the struct's size (for `#[orchestrate]`'s `too_long`), the lifecycle
/// field and the config.
pub(crate) fn derived_impl(model: &Model<'_>) -> TokenStream {
    let ident = model.ident;
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    let names = names(model);
    let register = model.register.as_ref().map(|path| {
        let name = pretty(path);
        quote!(const REGISTER: &'static str = #name;)
    });
    let lines = Literal::usize_unsuffixed(model.lines);
    let max_lines = if model.allows(Rule::TooLong) {
        quote!(
            const MAX_LINES: usize = usize::MAX;
        )
    } else {
        let max = model.max_lines.filter(|&max| max != model::MAX_LINES).map(Literal::usize_unsuffixed);
        max.map(|max| quote!(const MAX_LINES: usize = #max;)).unwrap_or_default()
    };
    let lifecycle = model.lifecycle();
    // The coercion is spanned at the config's type: a config that is not `Debug` is one error
    // there. (A coercion, not an `as` cast, which `trivial_casts` would report.)
    let config = model.config().map(|config| {
        let (field, ty) = (config.ident, &config.field.ty);
        let borrow = quote_spanned!(ty.span()=> &self.#field);
        quote! {
            fn config(&self) -> __Option<&dyn ::core::fmt::Debug> {
                __Option::Some::<&dyn ::core::fmt::Debug>(#borrow)
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics __private::DerivedOrchestrator for #ident #ty_generics #where_clause {
            #names
            #register
            const LINES: usize = #lines;
            #max_lines
            fn lifecycle(&self) -> &__private::Lifecycle {
                &self.#lifecycle
            }
            fn lifecycle_mut(&mut self) -> &mut __private::Lifecycle {
                &mut self.#lifecycle
            }
            #config
        }
    }
}

/// `from_parts(...)` (or the name given with `from_parts = name`) and, with `from_config`,
/// the config constructor. Outside the `const _` scope, with full paths to the runtime, so
/// that rustc names them `Type::from_parts` (its "consider using `Type::from_parts`" note to a
/// call of a missing `Type::new` reads as written).
pub fn constructors(model: &Model<'_>) -> TokenStream {
    let Model { ident, vis, .. } = model;
    let private = runtime::hidden_module(&model.krate);
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    let parts: Vec<_> = model.fields.iter().filter(|f| !is_lifecycle_field(f.field)).collect();
    let params = parts.iter().map(|f| {
        let (name, ty) = (f.ident, &f.field.ty);
        quote!(#name: #ty)
    });
    let names: Vec<_> = parts.iter().map(|f| f.ident).collect();
    let lifecycles: Vec<_> = model.fields.iter().filter(|f| is_lifecycle_field(f.field)).map(|f| f.ident).collect();
    let listed = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let from_parts = &model.from_parts;
    let from_parts_doc = format!(
        " Creates a `{ident}` from its fields, in order: {listed}; it starts `Created`.\n Inject test doubles here (make the struct generic over its component types)."
    );
    let too_many = (names.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // The signature starts and ends at the name's span: a name given with `from_parts = new`
    // that collides with a `new` of the user's own is reported there (rustc's span of a
    // function is its signature's). The lifecycle is built without a path to the runtime, so a
    // `crate = path` that does not resolve is one error, at the one `use` of it.
    let (vis_fn, returns) = signature_ends(vis, from_parts.span());
    let from_parts = quote! {
        #[doc = #from_parts_doc]
        #[must_use]
        #too_many
        #[allow(private_interfaces)]
        #vis_fn #from_parts(#(#params),*) #returns
    };
    let from_parts = with_body(
        from_parts,
        quote! {
            Self {
                #(#names,)*
                #(#lifecycles: ::core::default::Default::default(),)*
            }
        },
        model.from_parts.span(),
    );
    let from_config = model.from_config.as_ref().zip(model.config()).map(|(from_config, config)| {
        let (config_name, config_ty) = (config.ident, config.field.ty.to_token_stream());
        let (vis_fn, returns) = signature_ends(vis, from_config.span());
        let mut bounds = Vec::new();
        // Each bound is written `for<'__x> Type: FromConfig<Config>` (or `Default`, for a field
        // that is no component), binding a lifetime it never uses. A bound on concrete types
        // alone is a trivial bound, which stable rustc checks where the constructor is defined:
        // a struct with one component that lacks `FromConfig` would not compile at all. The
        // higher-ranked form is checked only where the constructor is called (the
        // `trivial_bounds` workaround), which is where the missing impl is reported.
        // The config moves into the struct last, after every component was built from it.
        let inits = parts.iter().filter(|f| f.role != Role::Config).map(|f| {
            let (name, ty) = (f.ident, &f.field.ty);
            match f.role {
                Role::Config => quote!(#name),
                Role::Component(_) => {
                    bounds.push(quote!(for<'__x> #ty: #private::FromConfig<#config_ty>));
                    quote!(#name: #private::FromConfig::from_config(&#config_name))
                }
                Role::Lifecycle | Role::State | Role::Invalid => {
                    bounds.push(quote!(for<'__x> #ty: ::core::default::Default));
                    quote!(#name: ::core::default::Default::default())
                }
            }
        });
        let inits: Vec<_> = inits.collect();
        let doc = format!(
            " Creates a `{ident}` from its config, building every component with\n `FromConfig::from_config(&{config_name})`; it starts `Created`. Generated by\n `#[orchestrator(from_config)]`."
        );
        let signature = quote! {
            #[doc = #doc]
            #[must_use]
            #[allow(private_interfaces, private_bounds)]
            #vis_fn #from_config(#config_name: #config_ty) #returns
            where
                #(#bounds,)*
        };
        let body = quote! {
            Self {
                #(#inits,)*
                #(#lifecycles: ::core::default::Default::default(),)*
                #config_name,
            }
        };
        with_body(signature, body, from_config.span())
    });
    // `from_config` without a config field is reported; this stand-in keeps its callers quiet.
    let stand_in = model.from_config_stand_in.as_ref().map(|name| {
        quote! {
            #[doc(hidden)]
            #[allow(dead_code)]
            #vis fn #name<__Config>(_: __Config) -> Self {
                ::core::unreachable!()
            }
        }
    });
    quote! {
        impl #impl_generics #ident #ty_generics #where_clause {
            #from_parts
            #from_config
            #stand_in
        }
    }
}

/// `signature { body }`, the braces spanned at `span`: with the signature's ends (see
/// [`signature_ends`]), rustc's span of the whole function is then there.
fn with_body(signature: TokenStream, body: TokenStream, span: Span) -> TokenStream {
    let mut body = Group::new(Delimiter::Brace, body);
    body.set_span(span);
    quote!(#signature #body)
}

/// `vis fn` and `-> Self` of a generated constructor, spanned at its name.
fn signature_ends(vis: &syn::Visibility, span: Span) -> (TokenStream, TokenStream) {
    let vis = respan(vis, span);
    (quote_spanned!(span=> #vis fn), quote_spanned!(span=> -> Self))
}

/// `impl Drop` with `cleanup_on_drop`.
fn drop_impl(model: &Model<'_>) -> TokenStream {
    if !model.cleanup_on_drop {
        return TokenStream::new();
    }
    let ident = model.ident;
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::core::ops::Drop for #ident #ty_generics #where_clause {
            fn drop(&mut self) {
                __private::drop_cleanup(self);
            }
        }
    }
}

/// Tokens as a person writes them: `Vec<u8>`, `Self::wire`, `&'a str`.
pub fn pretty(node: &impl ToTokens) -> String {
    let text = node.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        let drop_space = c == ' '
            && (matches!(previous, '<' | '&' | '(' | '[' | ':')
                || matches!(next, '<' | '>' | ',' | ')' | ']' | ';' | ':')
                || (next == '(' && previous != '>'));
        if !drop_space {
            out.push(c);
        }
        previous = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::pretty;
    use syn::{Path, Type, parse_quote};

    #[test]
    fn pretty_types() {
        let cases: [(Type, &str); 6] = [
            (parse_quote!(Vec<u8>), "Vec<u8>"),
            (parse_quote!(std::collections::HashMap<String, Vec<u8> >), "std::collections::HashMap<String, Vec<u8>>"),
            (parse_quote!(&'a mut str), "&'a mut str"),
            (parse_quote!([u8; 4]), "[u8; 4]"),
            (parse_quote!(Box<dyn Fn(u8) -> u8>), "Box<dyn Fn(u8) -> u8>"),
            (parse_quote!(<T as Tr>::Out), "<T as Tr>::Out"),
        ];
        for (ty, want) in cases {
            assert_eq!(pretty(&ty), want);
        }
        let path: Path = parse_quote!(Self::wire);
        assert_eq!(pretty(&path), "Self::wire");
    }
}
