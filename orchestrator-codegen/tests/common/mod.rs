//! What the integration tests share: the `compile_error!` messages of an expansion, the file
//! expander of the snapshots ([`expand`]) and the fuzzers' generator ([`rng`]). Each test
//! crate uses a part of it.
#![allow(dead_code)]

pub mod expand;
pub mod rng;

use proc_macro2::{TokenStream, TokenTree};

/// The messages of the `compile_error!`s in `tokens`, at any depth, in order.
pub fn compile_errors(tokens: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) if ident == "compile_error" => {
                if let Some(TokenTree::Group(group)) = trees.get(i + 2) {
                    let lit: syn::LitStr = syn::parse2(group.stream()).expect("compile_error! holds a string");
                    out.push(lit.value());
                }
            }
            TokenTree::Group(group) => out.extend(compile_errors(group.stream())),
            _ => {}
        }
    }
    out
}
