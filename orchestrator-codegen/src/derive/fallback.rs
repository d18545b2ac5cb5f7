//! What `#[derive(Orchestrator)]` emits, besides the errors, when the item cannot be expanded
//! (not a struct with named fields, or no `Lifecycle` field): impls of `Orchestrator` (or
//! `AsyncOrchestrator`) and `DerivedOrchestrator` whose bodies panic, the component-field impls
//! every derived orchestrator has, and the constructors and the key enum when the fields are
//! known, so that calls to `initialize()`, `status()`, `from_parts(...)` or
//! `restart(ShopComponent::Db)` elsewhere add no secondary errors. The
//! crate does not compile anyway; these bodies never run.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use super::expand;
use super::model::Model;
use crate::runtime;

/// The fallback for `input`, with the model when one could be built.
pub fn fallback(input: &DeriveInput, model: Option<&Model<'_>>) -> TokenStream {
    let ident = &input.ident;
    let hidden = runtime::hidden_module(&model.map_or_else(runtime::default_crate, |m| m.krate.clone()));
    let generics = super::model::impl_generics(&input.generics);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let message = format!("`{ident}` failed to derive `Orchestrator`; see the compile error on its definition");
    let name = syn::ext::IdentExt::unraw(ident).to_string();
    let constructors = model.map(expand::constructors);
    let keys = model.map(expand::keys);
    let not_a_component = expand::not_a_component(ident, &generics);
    let orchestrator = if model.is_some_and(|m| m.asynchronous) {
        quote! {
            #[automatically_derived]
            impl #impl_generics __private::AsyncOrchestrator for #ident #ty_generics #where_clause {
                const NAME: &'static str = #name;
                const COMPONENTS: &'static [&'static str] = &[];
                #[allow(unreachable_code)]
                fn initialize(
                    &mut self,
                ) -> impl ::core::future::Future<Output = ::core::result::Result<(), __private::InitError>>
                       + ::core::marker::Send {
                    async { ::core::panic!(#message) }
                }
                #[allow(unreachable_code)]
                fn cleanup(
                    &mut self,
                ) -> impl ::core::future::Future<Output = ::core::result::Result<(), __private::CleanupError>>
                       + ::core::marker::Send {
                    async { ::core::panic!(#message) }
                }
                fn status(&self) -> __private::Status {
                    ::core::panic!(#message)
                }
                fn state(&self) -> __private::State {
                    ::core::panic!(#message)
                }
            }
        }
    } else {
        quote! {
            #[automatically_derived]
            impl #impl_generics __private::Orchestrator for #ident #ty_generics #where_clause {
                const NAME: &'static str = #name;
                const COMPONENTS: &'static [&'static str] = &[];
                fn initialize(&mut self) -> ::core::result::Result<(), __private::InitError> {
                    ::core::panic!(#message)
                }
                fn cleanup(&mut self) -> ::core::result::Result<(), __private::CleanupError> {
                    ::core::panic!(#message)
                }
                fn status(&self) -> __private::Status {
                    ::core::panic!(#message)
                }
                fn state(&self) -> __private::State {
                    ::core::panic!(#message)
                }
            }
        }
    };
    quote! {
        const _: () = {
            use #hidden as __private;
            #orchestrator
            #[automatically_derived]
            impl #impl_generics __private::DerivedOrchestrator for #ident #ty_generics #where_clause {
                const NAME: &'static str = #name;
                const COMPONENTS: &'static [&'static str] = &[];
                const TYPES: &'static [&'static str] = &[];
                fn lifecycle(&self) -> &__private::Lifecycle {
                    ::core::panic!(#message)
                }
                fn lifecycle_mut(&mut self) -> &mut __private::Lifecycle {
                    ::core::panic!(#message)
                }
            }
            #not_a_component
        };
        #constructors
        #keys
    }
}
