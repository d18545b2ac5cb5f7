//! Stage 4, async: the generated code of a valid `#[orchestrator(async)]` model: the base
//! `DerivedOrchestrator` (names, lifecycle field, config, size) and `AsyncComponents` (the
//! components, their timeouts, the register hook), which make the struct an `AsyncOrchestrator`
//! through the runtime's blanket impl, and the same constructors as a sync orchestrator. The
//! engine itself is not generated. The reviewed snapshot `tests/expand/async_services.rs` shows
//! one expansion.
//!
//! Two helpers keep the user's errors at the user's tokens: each component is reached as
//! `<FieldType as __AsyncComponent>::__dyn(..)`, so a type that is no async component gets one
//! error spanning the field type; the register hook goes through `__RegisterFuture`, so a hook
//! that is not `async` gets one error spanning the hook's path.

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
    let helpers = helpers(model);
    let parts = async_components_impl(model);
    let constructors = expand::constructors(model);
    let timeouts = timeouts_supported(model);
    expand::scope(
        model,
        quote! {
            #checks
            #helpers
            #parts
            #constructors
            #timeouts
        },
    )
}

/// `__AsyncComponent` (each component as `dyn DynAsyncComponent`, errors at the field type)
/// and, with a register hook, `__RegisterFuture` (the hook's future boxed, errors at the
/// hook's path).
fn helpers(model: &Model<'_>) -> TokenStream {
    let component = (!model.components.is_empty()).then(|| {
        quote! {
            #[diagnostic::on_unimplemented(
                message = "`{Self}` is not an async component: it implements neither `AsyncComponent` nor `Component`",
                label = "this field is a #[component] of an async orchestrator",
                note = "implement `orchestrator::AsyncComponent` (async `init`/`cleanup`) or `orchestrator::Component` for `{Self}`, and make sure it is `Send`"
            )]
            trait __AsyncComponent {
                fn __ref(&self) -> &dyn __private::DynAsyncComponent;
                fn __mut(&mut self) -> &mut dyn __private::DynAsyncComponent;
            }
            impl<T: __private::AsyncComponent> __AsyncComponent for T {
                fn __ref(&self) -> &dyn __private::DynAsyncComponent {
                    self
                }
                fn __mut(&mut self) -> &mut dyn __private::DynAsyncComponent {
                    self
                }
            }
        }
    });
    let register = model.register.as_ref().map(|path| {
        let hook = path.segments.last().map_or_else(|| "wire".to_string(), |s| s.ident.to_string());
        let note = format!(
            "make it `async fn {hook}(&mut self) -> Result<(), E>`, with `E: Into<ComponentError>` (or return a `Send` future of that)"
        );
        quote! {
            #[diagnostic::on_unimplemented(
                message = "the register hook of an async orchestrator must be async: it returns `{Self}`, not a future of `Result<(), E>`",
                label = "this hook must be an `async fn(&mut self) -> Result<(), E>`",
                note = #note
            )]
            trait __RegisterFuture<'a> {
                fn __boxed(self) -> __private::BoxFuture<'a, ::core::result::Result<(), __private::ComponentError>>;
            }
            impl<'a, F, E> __RegisterFuture<'a> for F
            where
                F: ::core::future::Future<Output = ::core::result::Result<(), E>> + ::core::marker::Send + 'a,
                E: ::core::convert::Into<__private::ComponentError>,
            {
                fn __boxed(self) -> __private::BoxFuture<'a, ::core::result::Result<(), __private::ComponentError>> {
                    __private::Box::pin(async move { self.await.map_err(::core::convert::Into::into) })
                }
            }
        }
    });
    quote!(#component #register)
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
        quote!(<#ty as __AsyncComponent>::__mut(&mut self.#field))
    });
    let arms = ordered.iter().enumerate().map(|(index, c)| {
        let (index, field, ty) = (Literal::usize_unsuffixed(index), c.ident, c.ty);
        quote!(#index => __Option::Some(<#ty as __AsyncComponent>::__ref(&self.#field)),)
    });
    let register = model.register.as_ref().map(|path| {
        let call = quote_spanned!(path.span()=> __hook(self, #path));
        quote! {
            fn register(
                &mut self,
            ) -> __private::BoxFuture<'_, ::core::result::Result<(), __private::ComponentError>> {
                fn __hook<'a, T, F: __RegisterFuture<'a>>(
                    this: &'a mut T,
                    hook: fn(&'a mut T) -> F,
                ) -> __private::BoxFuture<'a, ::core::result::Result<(), __private::ComponentError>> {
                    hook(this).__boxed()
                }
                #call
            }
        }
    });
    let base = expand::derived_impl(model);
    quote! {
        #base
        #[automatically_derived]
        impl #impl_generics __private::AsyncComponents for #ident #ty_generics #where_clause {
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
        quote_spanned!(ty.span()=> __private::__check_timeout!(#orchestrator, #name, #ty);)
    });
    quote! {
        const _: () = ::core::assert!(
            __private::TIMEOUTS_SUPPORTED,
            "`timeout_ms` needs the `tokio` feature of `orchestrator-pattern`: enable it in Cargo.toml"
        );
        #(#blocking)*
    }
}
