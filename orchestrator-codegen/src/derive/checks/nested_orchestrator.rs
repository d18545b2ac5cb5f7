//! `nested_orchestrator`: a component whose type is itself an orchestrator. Orchestrators
//! coordinate components; one orchestrator inside another hides a second coordination layer.
//!
//! The macro cannot see through type aliases or know which types implement `Orchestrator`, so
//! the rule is a compile-time assertion per component, which the expansion emits spanned at the
//! field's type (a `const` calling `nested` of `orchestrator-core`, whose
//! `__nested_message!` holds the rule's message): `<Probe<T>>::S` is `true` exactly when
//! `T: Orchestrator` (derived or written by hand), `<Probe<T>>::A` when
//! `T: AsyncOrchestrator`, `B` and `C` for a `Box` of either; all four are checked in sync and
//! async orchestrators alike. A `const` item cannot use the struct's generic parameters, so a
//! component whose type mentions one (a mock slot such as `V`, or `Cache<'a>`) is not checked: its concrete type is
//! chosen by the user of the struct.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{GenericParam, Generics, Type};

use crate::derive::model::{Component, Model};

/// The components the expansion probes: those whose type mentions no generic parameter of the
/// struct (a `const` item can name it).
pub fn probed<'m, 'a>(model: &'m Model<'a>) -> impl Iterator<Item = &'m Component<'a>> {
    model.components.iter().filter(|c| is_probed(model, c))
}

/// Whether the expansion probes `component`: its type mentions no generic parameter.
pub fn is_probed(model: &Model<'_>, component: &Component<'_>) -> bool {
    !mentions_generics(component.ty, &model.generics)
}

/// Whether `ty` mentions any type, lifetime or const parameter of `generics` (also `Self` and
/// `impl Trait`, which a `const` item cannot name either).
pub(crate) fn mentions_generics(ty: &Type, generics: &Generics) -> bool {
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
