//! Stage 4, async: the generated code of a valid `#[orchestrator(async)]` model: the base
//! `DerivedOrchestrator` (names, lifecycle field, config, size) and `AsyncComponents` (the
//! components, their timeouts, the register hook), which make the struct an `AsyncOrchestrator`
//! through the runtime's blanket impl, and the same constructors as a sync orchestrator. The
//! engine itself is not generated. The reviewed snapshot `tests/expand/async_services.rs` shows
//! one expansion.
//!
//! Traits of the runtime keep the user's errors at the user's tokens: each component is reached
//! as `<FieldType as AsyncComponentField>::step(..)` (or `AsyncUsesField<D>` with `uses(...)`,
//! spanned at `uses`), so a type that is no async component gets one error spanning the field
//! type; the register hook's future goes through
//! `RegisterFuture`, spanned at the hook's path, so a hook that is not `async` gets one error
//! there (its signature is checked there too, by the coercion to a fn pointer).

use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::checks::nested_orchestrator;
use super::expand;
use super::model::Model;
use super::reach;
use super::span::{respan, spanned_invocation};

/// Everything `#[derive(Orchestrator)]` emits for an async `model`, wrapped in
/// `const _: () = { ... };`.
pub fn expand(model: &Model<'_>) -> TokenStream {
    let checks = expand::nested_checks(model);
    let imports = reach::imports(model, true);
    let parts = async_components_impl(model);
    let not_a_component = expand::not_a_component(model.ident, &model.generics);
    let constructors = expand::constructors(model);
    let timeouts = timeouts_supported(model);
    let scoped = expand::scope(
        model,
        quote! {
            #imports
            #checks
            #parts
            #not_a_component
            #timeouts
        },
    );
    let keys = expand::keys(model);
    quote!(#scoped #constructors #keys)
}

/// `impl AsyncComponents`: the timeouts, one `match` arm per dependency level building that
/// level's step futures (each component borrowed mutably, its `uses(...)` shared), each
/// component's health and whether it blocks, and the hook (after the base impl,
/// `DerivedOrchestrator`).
fn async_components_impl(model: &Model<'_>) -> TokenStream {
    let ident = model.ident;
    // Generic over a type: `Self: Send` (the bound of `AsyncComponents`) is a condition of the
    // impl, checked where the struct's type parameters are chosen, not a second error at the
    // definition next to the one on the component whose bound is missing.
    let mut generics = model.generics.clone();
    if generics.type_params().next().is_some() {
        generics.make_where_clause().predicates.push(syn::parse_quote!(Self: ::core::marker::Send));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let ordered = expand::ordered(model);
    let timeouts = ordered.iter().any(|c| c.timeout_ms.is_some()).then(|| {
        let each = ordered.iter().map(|c| match c.timeout_ms {
            Some(ms) => {
                let ms = Literal::u64_unsuffixed(ms);
                quote!(__Option::Some(#ms))
            }
            None => quote!(__Option::None),
        });
        quote!(const TIMEOUTS_MS: &'static [__Option<u64>] = &[#(#each),*];)
    });
    let lifecycle = model.lifecycle();
    let levels = levels(model);
    // each component's field, how it is reached (see `reach`; not at all for a `uses(...)`
    // already reported) and its step's future, boxed by the reaching trait: a concrete type, so
    // a type that is no async component gets one error, at the type, and none where its future
    // is pinned and joined
    let reached: Vec<_> = model
        .order
        .iter()
        .filter_map(|&declared| {
            let c = model.components.get(declared)?;
            let reach = reach::reach(model, declared, true)?;
            let step = reach.step(c.ident, &quote!(__step), &quote!(__lifecycle));
            Some((c.ident, reach, step))
        })
        .collect();
    let depth = Literal::usize_unsuffixed(levels.iter().copied().max().map_or(0, |deepest| deepest + 1));
    let arms = (0..=levels.iter().copied().max().unwrap_or(0)).map(|level| {
        let members: Vec<usize> = (0..levels.len()).filter(|&i| levels[i] == level).collect();
        // an unknown name in its `uses(...)`, already reported: not run
        let runs: Vec<_> = members
            .iter()
            .filter_map(|&index| reached.get(index).filter(|(_, reach, _)| reach.is_reached()).map(|r| (index, r)))
            .collect();
        let slots = runs.iter().map(|(index, (_, _, step))| {
            let slot = quote::format_ident!("__s{}", index);
            let index = Literal::usize_unsuffixed(*index);
            quote!(let #slot = ::core::pin::pin!(__pass.start(__lifecycle, #index, |__lifecycle| #step));)
        });
        let joined = runs.iter().map(|(index, _)| {
            let slot = quote::format_ident!("__s{}", index);
            let index = Literal::usize_unsuffixed(*index);
            quote!((#index, #slot as _))
        });
        let level = Literal::usize_unsuffixed(level);
        quote! {
            #level => {
                #(#slots)*
                __pass.join(__lifecycle, &mut [#(#joined),*]).await;
            }
        }
    });
    // no component, no level to run (the engine asks for none: `depth` is 0)
    let level = (!model.components.is_empty()).then(|| {
        quote! {
            fn level<'__a>(
                &'__a mut self,
                __level: usize,
                __pass: &'__a mut __private::Pass<'_>,
            ) -> impl ::core::future::Future<Output = ()> + ::core::marker::Send + '__a {
                async move {
                    let __step = __pass.step();
                    let __lifecycle = &mut self.#lifecycle;
                    match __level {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
        }
    });
    let health =
        reached.iter().enumerate().filter(|(_, (_, reach, _))| reach.is_reached()).map(|(index, (field, reach, _))| {
            let (index, health) = (Literal::usize_unsuffixed(index), reach.health(field));
            quote!(#index => #health,)
        });
    let blocking =
        reached.iter().enumerate().filter(|(_, (_, reach, _))| reach.is_reached()).map(|(index, (field, reach, _))| {
            let (index, blocking) = (Literal::usize_unsuffixed(index), reach.blocking(field));
            quote!(#index => #blocking,)
        });
    // Spanned at the hook's path: the coercion checks its signature, `RegisterFuture` that it
    // returns a future of `Result<(), E>`, each mistake one error there.
    let register = model.register.as_ref().map(|path| {
        let call = quote_spanned! {path.span()=>
            let __hook: fn(&'__a mut Self) -> _ = #path;
            __private::RegisterFuture::boxed(__hook(self))
        };
        quote! {
            fn register<'__a>(
                &'__a mut self,
            ) -> __private::BoxFuture<'__a, ::core::result::Result<(), __private::ComponentError>> {
                #call
            }
        }
    });
    let events = events(model);
    let base = expand::derived_impl(model);
    // The self type spanned at the `async` key: an orchestrator that is not `Send` (the bound of
    // `AsyncComponents`) is reported there, the cause; its field that is not `Send` gets its own
    // error, on the field.
    let self_ty = respan(&quote!(#ident #ty_generics), model.async_key);
    quote! {
        #base
        #[automatically_derived]
        impl #impl_generics __private::AsyncComponents for #self_ty #where_clause {
            #timeouts
            fn depth(&self) -> usize {
                #depth
            }
            #level

            fn health(&self, index: usize) -> __Option<__private::Health> {
                match index {
                    #(#health)*
                    _ => __Option::None,
                }
            }
            fn blocking(&self, index: usize) -> bool {
                match index {
                    #(#blocking)*
                    _ => false,
                }
            }
            #register
            #events
        }
    }
}

/// With `emits(..)`: `EMITS` and `connect`, one statement per component and event type
/// connecting the component's `Events<E>` to the orchestrator's handler of `E`, in
/// initialization order. Each statement is spanned at its `E`, so a component that does not
/// implement `Emits<E>` and an orchestrator without a handler of `E` are each one error there.
/// Wrapped in `__with_tokio!`, spanned at the first `emits` key: one error there without the
/// `tokio` feature.
fn events(model: &Model<'_>) -> Option<TokenStream> {
    let key = expand::ordered(model).into_iter().find_map(|c| c.emits_key.as_ref())?;
    let statements = expand::ordered(model).into_iter().enumerate().flat_map(|(index, c)| {
        let (field, index) = (c.ident, Literal::usize_unsuffixed(index));
        c.emits.iter().map(move |event| {
            // located at `E`, resolved (and linted) as the macro's own tokens
            let span = proc_macro2::Span::call_site().located_at(event.span());
            quote_spanned! {span=>
                __private::Emits::<#event>::events(&self.#field)
                    .__connect(<Self as __private::Handles<#event>>::__sink(link, #index));
            }
        })
    });
    let key = proc_macro2::Span::call_site().located_at(key.span());
    let with_tokio = respan(&quote!(__private::__with_tokio!), key);
    let items = quote! {
        "`emits(..)`",
        const EMITS: bool = true;
        fn connect(&self, link: &__private::Link<Self>) {
            #(#statements)*
        }
    };
    let mut items = proc_macro2::Group::new(proc_macro2::Delimiter::Parenthesis, items);
    items.set_span(key);
    Some(quote!(#with_tokio #items;))
}

/// With a `timeout_ms`, a compile-time check that the `tokio` feature (the timer) is on, and
/// for each component with one (whose type a `const` item can name), that it is not a sync
/// `Component`: a timer cannot interrupt a step that blocks the thread. Each check is spanned at
/// the component's type.
fn timeouts_supported(model: &Model<'_>) -> TokenStream {
    if model.components.iter().all(|c| c.timeout_ms.is_none()) {
        return TokenStream::new();
    }
    let orchestrator = syn::ext::IdentExt::unraw(model.ident).to_string();
    // each probed component (a `const` item can name its type) with a timeout; with `uses(...)`,
    // probed as a sync `Uses` of what it names (when a `const` item can name that too)
    let probed = nested_orchestrator::probed(model).map(|c| c.ident).collect::<Vec<_>>();
    let blocking = model.components.iter().enumerate().filter_map(|(declared, c)| {
        if c.timeout_ms.is_none() || !probed.contains(&c.ident) {
            return None;
        }
        let (name, ty) = (&c.name, c.ty);
        let args = match reach::family_of(model, declared) {
            Some(family) => quote!(#orchestrator, #name, #ty, #family),
            None if c.uses_span.is_none() => quote!(#orchestrator, #name, #ty),
            None => return None,
        };
        Some(spanned_invocation(quote!(__private::__check_timeout!), args, ty))
    });
    quote! {
        const _: () = ::core::assert!(
            __private::TIMEOUTS_SUPPORTED,
            "`timeout_ms` needs the `tokio` feature of `orchestrator-pattern`: enable it in Cargo.toml"
        );
        #(#blocking)*
    }
}

/// Each component's dependency level, in initialization order: 0 for none, else one more than
/// its deepest dependency (what the runtime's `Graph::levels` computes from `DEPENDENCIES`).
fn levels(model: &Model<'_>) -> Vec<usize> {
    let position = |declared: usize| model.order.iter().position(|&o| o == declared);
    let mut levels: Vec<usize> = Vec::with_capacity(model.order.len());
    for &declared in &model.order {
        let level = model
            .deps
            .get(declared)
            .into_iter()
            .flatten()
            .filter_map(|&d| position(d))
            .filter(|&p| p < levels.len())
            .map(|p| levels[p] + 1)
            .max()
            .unwrap_or(0);
        levels.push(level);
    }
    levels
}
