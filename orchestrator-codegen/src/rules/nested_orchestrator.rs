//! `nested_orchestrator`: a component whose type is itself an orchestrator. Orchestrators
//! coordinate components; one orchestrator inside another hides a second coordination layer.
//!
//! The macro cannot see through type aliases or know which types implement `Orchestrator`, so
//! the rule is a compile-time assertion per component, spanned at the field's type:
//! `<Probe<T>>::NESTED` is `true` exactly when `T: Orchestrator` (derived or written by
//! hand), `<AsyncProbe<T>>::NESTED` when `T: AsyncOrchestrator`; both are checked in sync and
//! async orchestrators alike. A `const` item cannot use the struct's generic parameters, so a
//! component whose type mentions one (a mock slot such as `V`, or `Cache<'a>`) is not checked: its concrete type is
//! chosen by the user of the struct.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{GenericParam, Generics, Type};

use crate::model::Model;

/// The assertions, one per component whose type mentions no generic parameter; they expect
/// `__private` (the runtime's hidden module) in scope. Each is a call spanned at the field's
/// type, so the const-evaluation error points there.
pub fn assertions(model: &Model<'_>) -> TokenStream {
    let checks: Vec<TokenStream> = model
        .components
        .iter()
        .filter(|c| !mentions_generics(c.ty, model.generics))
        .map(|c| {
            let ty = c.ty;
            quote_spanned!(ty.span()=> __private::__check_nested!(#ty);)
        })
        .collect();
    if checks.is_empty() {
        return TokenStream::new();
    }
    let message = format!(
        "nested_orchestrator: this component of `{}` is itself an orchestrator; an orchestrator coordinates components, and nesting one hides a second coordination layer. help: make it a plain `Component`, or let the caller coordinate both orchestrators",
        model.ident
    );
    quote! {
        use __private::nested::*;
        const fn __nested(is_orchestrator: bool) {
            ::core::assert!(!is_orchestrator, #message);
        }
        #(#checks)*
    }
}

/// Whether `ty` mentions any type, lifetime or const parameter of `generics` (also `Self` and
/// `impl Trait`, which a `const` item cannot name either).
fn mentions_generics(ty: &Type, generics: &Generics) -> bool {
    let names: Vec<String> = generics
        .params
        .iter()
        .map(|p| match p {
            GenericParam::Type(t) => t.ident.to_string(),
            GenericParam::Lifetime(l) => l.lifetime.to_string(),
            GenericParam::Const(c) => c.ident.to_string(),
        })
        .chain(["Self".to_string(), "impl".to_string(), "'_".to_string()])
        .collect();
    mentions(ty.to_token_stream(), &names)
}

fn mentions(tokens: TokenStream, names: &[String]) -> bool {
    let mut previous_quote = false;
    for tree in tokens {
        match tree {
            proc_macro2::TokenTree::Group(group) => {
                if mentions(group.stream(), names) {
                    return true;
                }
                previous_quote = false;
            }
            proc_macro2::TokenTree::Ident(ident) => {
                let text = if previous_quote { format!("'{ident}") } else { ident.to_string() };
                if names.contains(&text) {
                    return true;
                }
                previous_quote = false;
            }
            proc_macro2::TokenTree::Punct(punct) => previous_quote = punct.as_char() == '\'',
            proc_macro2::TokenTree::Literal(_) => previous_quote = false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::mentions_generics;
    use syn::{Generics, Type, parse_quote};

    #[test]
    fn finds_type_lifetime_and_const_parameters() {
        let generics: Generics = parse_quote!(<'a, V: Clone, const N: usize>);
        let yes: [Type; 5] = [
            parse_quote!(V),
            parse_quote!(Vec<V>),
            parse_quote!(&'a str),
            parse_quote!([u8; N]),
            parse_quote!(Box<dyn Fn(&'_ u8)>),
        ];
        for ty in &yes {
            assert!(mentions_generics(ty, &generics), "{}", quote::quote!(#ty));
        }
        let no: [Type; 3] = [parse_quote!(Validator), parse_quote!(a::V2), parse_quote!(&'static str)];
        for ty in &no {
            assert!(!mentions_generics(ty, &generics), "{}", quote::quote!(#ty));
        }
    }
}
