//! A `cargo expand` of this crate's two macros alone, for the snapshot tests
//! (`tests/snapshots.rs`) and the `expand` example, which includes this file.
//!
//! [`expand_source`] parses a Rust source file and replaces every `#[derive(Orchestrator)]`
//! struct by the struct (without the derive and without its `#[orchestrator]` / `#[component]`
//! helper attributes) followed by the derive's output, and every `#[orchestrate]` impl block by
//! the attribute's output, then pretty-prints the file with prettyplease. It calls the macros'
//! own functions ([`orchestrator_codegen::derive`], [`orchestrator_codegen::orchestrate`]), so
//! what it prints is exactly what the compiler receives (up to formatting), except for one
//! runtime macro it expands as the compiler would with the `tokio` feature:
//! `__with_tokio!("what", items)` (around a client, event handlers and `emits`) prints as its
//! items, so that they are laid out like the rest.

use quote::ToTokens;
use syn::{Attribute, Item, Meta, Token};

/// The expansion of the macros in `source`, pretty-printed.
pub fn expand_source(source: &str) -> syn::Result<String> {
    let mut file = syn::parse_file(source)?;
    file.items = expand_items(std::mem::take(&mut file.items))?;
    Ok(prettyplease::unparse(&file))
}

/// `items` with every derived struct and `#[orchestrate]` block replaced by its expansion.
fn expand_items(items: Vec<Item>) -> syn::Result<Vec<Item>> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Item::Struct(mut item) => {
                if !remove_derive(&mut item.attrs) {
                    out.push(Item::Struct(item));
                    continue;
                }
                let tokens = orchestrator_codegen::derive(item.to_token_stream());
                strip_helpers(&mut item);
                out.push(Item::Struct(item));
                out.extend(with_tokio(syn::parse2::<syn::File>(tokens)?.items)?);
            }
            Item::Impl(mut item) => match take_orchestrate(&mut item.attrs)? {
                Some(args) => {
                    let tokens = orchestrator_codegen::orchestrate(args, item.into_token_stream());
                    out.extend(with_tokio(syn::parse2::<syn::File>(tokens)?.items)?);
                }
                None => out.push(Item::Impl(item)),
            },
            Item::Mod(mut item) => {
                if let Some((brace, content)) = item.content.take() {
                    item.content = Some((brace, expand_items(content)?));
                }
                out.push(Item::Mod(item));
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// `items` with every `__with_tokio!("what", tokens)` replaced by its tokens, as items or, in
/// an impl block, as associated items, at any depth (`const _: () = { .. };` included).
fn with_tokio(items: Vec<Item>) -> syn::Result<Vec<Item>> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Item::Macro(mac) if names(&mac.mac.path, "__with_tokio") => {
                out.extend(with_tokio(syn::parse2::<syn::File>(tokens_of(&mac.mac)?)?.items)?);
            }
            Item::Impl(mut block) => {
                let mut kept = Vec::with_capacity(block.items.len());
                for impl_item in std::mem::take(&mut block.items) {
                    match impl_item {
                        syn::ImplItem::Macro(mac) if names(&mac.mac.path, "__with_tokio") => {
                            let tokens = tokens_of(&mac.mac)?;
                            let inner: syn::ItemImpl = syn::parse2(quote::quote!(impl X { #tokens }))?;
                            kept.extend(inner.items);
                        }
                        other => kept.push(other),
                    }
                }
                block.items = kept;
                out.push(Item::Impl(block));
            }
            Item::Const(mut constant) => {
                if let syn::Expr::Block(block) = &mut *constant.expr {
                    let mut stmts = Vec::with_capacity(block.block.stmts.len());
                    for stmt in std::mem::take(&mut block.block.stmts) {
                        match stmt {
                            syn::Stmt::Item(item) => {
                                stmts.extend(with_tokio(vec![item])?.into_iter().map(syn::Stmt::Item))
                            }
                            other => stmts.push(other),
                        }
                    }
                    block.block.stmts = stmts;
                }
                out.push(Item::Const(constant));
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The tokens of `__with_tokio!("what", tokens)` after the literal.
fn tokens_of(mac: &syn::Macro) -> syn::Result<proc_macro2::TokenStream> {
    mac.parse_body_with(|input: syn::parse::ParseStream<'_>| {
        input.parse::<syn::LitStr>()?;
        input.parse::<Token![,]>()?;
        input.parse::<proc_macro2::TokenStream>()
    })
}

/// Whether `path` names `name` (`name` or `some::path::name`).
fn names(path: &syn::Path, name: &str) -> bool {
    path.segments.last().is_some_and(|segment| segment.ident == name)
}

/// Removes `Orchestrator` from the `#[derive(...)]` attributes in `attrs` (dropping a derive
/// left empty); whether it was there.
pub fn remove_derive(attrs: &mut Vec<Attribute>) -> bool {
    let mut found = false;
    attrs.retain_mut(|attr| {
        if !attr.path().is_ident("derive") {
            return true;
        }
        let Ok(paths) = attr.parse_args_with(syn::punctuated::Punctuated::<syn::Path, Token![,]>::parse_terminated)
        else {
            return true;
        };
        if !paths.iter().any(|path| names(path, "Orchestrator")) {
            return true;
        }
        found = true;
        let kept: Vec<&syn::Path> = paths.iter().filter(|path| !names(path, "Orchestrator")).collect();
        if kept.is_empty() {
            return false;
        }
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        true
    });
    found
}

/// Removes the derive's helper attributes (`#[orchestrator]`, `#[component]`) from the struct
/// and its fields, as the compiler does once the derive has run.
fn strip_helpers(item: &mut syn::ItemStruct) {
    let helper = |attr: &Attribute| attr.path().is_ident("orchestrator") || attr.path().is_ident("component");
    item.attrs.retain(|attr| !helper(attr));
    for field in &mut item.fields {
        field.attrs.retain(|attr| !helper(attr));
    }
}

/// Removes the first `#[orchestrate]` / `#[orchestrate(args)]` from `attrs` and returns its
/// arguments.
fn take_orchestrate(attrs: &mut Vec<Attribute>) -> syn::Result<Option<proc_macro2::TokenStream>> {
    let Some(index) = attrs.iter().position(|attr| names(attr.path(), "orchestrate")) else { return Ok(None) };
    let attr = attrs.remove(index);
    match attr.meta {
        Meta::Path(_) => Ok(Some(proc_macro2::TokenStream::new())),
        Meta::List(list) => Ok(Some(list.tokens)),
        Meta::NameValue(value) => {
            Err(syn::Error::new_spanned(value, "expected `#[orchestrate]` or `#[orchestrate(...)]`"))
        }
    }
}
