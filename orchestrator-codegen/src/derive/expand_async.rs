//! Stage 4, async: the generated code of a valid `#[orchestrator(async)]` model: the base
//! `DerivedOrchestrator` (names, lifecycle field, config, size) and `AsyncComponents` (the
//! components, their timeouts, the register hook), which make the struct an `AsyncOrchestrator`
//! through the runtime's blanket impl, and the same constructors as a sync orchestrator. The
//! engine itself is not generated. The reviewed snapshot `tests/expand/async_services.rs` shows
//! one expansion.
//!
//! Two traits of the runtime keep the user's errors at the user's tokens: each component is
//! reached as `<FieldType as AsyncComponentField>::as_dyn(..)`, so a type that is no async
//! component gets one error spanning the field type; the register hook's future goes through
//! `RegisterFuture`, spanned at the hook's path, so a hook that is not `async` gets one error
//! there (its signature is checked there too, by the coercion to a fn pointer).

use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::checks::nested_orchestrator;
use super::expand;
use super::model::Model;

/// Everything `#[derive(Orchestrator)]` emits for an async `model`, wrapped in
/// `const _: () = { ... };`.
pub fn expand(model: &Model<'_>) -> TokenStream {
    let checks = expand::nested_checks(model);
    let field = (!model.components.is_empty()).then(|| {
        quote!(
            use __private::AsyncComponentField as __Field;
        )
    });
    let parts = async_components_impl(model);
    let not_a_component = expand::not_a_component(model.ident, model.generics);
    let constructors = expand::constructors(model);
    let timeouts = timeouts_supported(model);
    let scoped = expand::scope(
        model,
        quote! {
            #field
            #checks
            #parts
            #not_a_component
            #timeouts
        },
    );
    quote!(#scoped #constructors)
}

/// `impl AsyncComponents`: the timeouts, every component at once, one by index, and the hook
/// (after the base impl, `DerivedOrchestrator`).
fn async_components_impl(model: &Model<'_>) -> TokenStream {
    let ident = model.ident;
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
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
    let all = ordered.iter().map(|c| {
        let (field, ty) = (c.ident, c.ty);
        quote!(<#ty as __Field>::as_dyn_mut(&mut self.#field))
    });
    let arms = ordered.iter().enumerate().map(|(index, c)| {
        let (index, field, ty) = (Literal::usize_unsuffixed(index), c.ident, c.ty);
        quote!(#index => __Option::Some(<#ty as __Field>::as_dyn(&self.#field)),)
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
    let base = expand::derived_impl(model);
    // The self type spanned at the `async` key: an orchestrator that is not `Send` (the bound of
    // `AsyncComponents`) is reported there, the cause; its field that is not `Send` gets its own
    // error, on the field.
    let self_ty = respan(quote!(#ident #ty_generics), model.async_key);
    quote! {
        #base
        #[automatically_derived]
        impl #impl_generics __private::AsyncComponents for #self_ty #where_clause {
            #timeouts
            fn split(
                &mut self,
            ) -> (&mut __private::Lifecycle, __private::Vec<&mut dyn __private::DynAsyncComponent>) {
                (&mut self.#lifecycle, __private::vec![#(#all),*])
            }
            fn component(&self, index: usize) -> __Option<&dyn __private::DynAsyncComponent> {
                match index {
                    #(#arms)*
                    _ => __Option::None,
                }
            }
            #register
        }
    }
}

/// `tokens` with every span set to `span`.
fn respan(tokens: TokenStream, span: proc_macro2::Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let proc_macro2::TokenTree::Group(group) = &tree {
                let mut new = proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                new.set_span(span);
                tree = proc_macro2::TokenTree::Group(new);
            }
            tree.set_span(span);
            tree
        })
        .collect()
}

/// With a `timeout_ms`, a compile-time check that the `tokio` feature (the timer) is on, and
/// for each component with one (whose type a `const` item can name), that it is not a sync
/// `Component`: a timer cannot interrupt a step that blocks the thread. Each check is spanned at
/// the component's type.
fn timeouts_supported(model: &Model<'_>) -> TokenStream {
    if model.components.iter().all(|c| c.timeout_ms.is_none()) {
        return TokenStream::new();
    }
    let orchestrator = model.ident.to_string();
    let blocking = nested_orchestrator::probed(model).filter(|c| c.timeout_ms.is_some()).map(|c| {
        let (name, ty) = (&c.name, c.ty);
        expand::spanned_invocation(quote!(__private::__check_timeout!), quote!(#orchestrator, #name, #ty), ty)
    });
    quote! {
        const _: () = ::core::assert!(
            __private::TIMEOUTS_SUPPORTED,
            "`timeout_ms` needs the `tokio` feature of `orchestrator`: enable it in Cargo.toml"
        );
        #(#blocking)*
    }
}
