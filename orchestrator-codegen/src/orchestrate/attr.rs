//! Stage 1: the arguments of `#[orchestrate(...)]`, on the impl block and on one method.

use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Meta, Path, Token};

use crate::diag::{Diagnostics, did_you_mean};
use crate::rule::{Rule, Site, parse_allow};

/// The parsed arguments of one `#[orchestrate(...)]`.
#[derive(Default)]
pub(crate) struct Args {
    /// The rules named in `allow(...)`.
    pub allow: Vec<Rule>,
    /// `crate = path`: where the runtime is (default `::orchestrator`).
    pub krate: Option<Path>,
}

const KEYS: &str = "`allow(rule, ...)` or `crate = path`";

/// Parses the arguments of `#[orchestrate(...)]` on the impl block (`method: false`) or on a
/// method; every error goes to `errors`.
pub(crate) fn parse(tokens: proc_macro2::TokenStream, method: bool, errors: &mut Diagnostics) -> Args {
    let mut args = Args::default();
    let metas = match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(tokens) {
        Ok(metas) => metas,
        Err(error) => {
            errors.at_span(
                error.span(),
                format!(
                    "#[orchestrate] expects {KEYS}: {error}. help: write #[orchestrate] or #[orchestrate(allow(business_logic))]"
                ),
            );
            return args;
        }
    };
    for meta in metas {
        let key = meta.path().get_ident().map(ToString::to_string).unwrap_or_default();
        match (key.as_str(), meta) {
            ("allow", Meta::List(list)) => {
                match list.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated) {
                    Ok(paths) => {
                        let paths: Vec<Path> = paths.into_iter().collect();
                        for rule in parse_allow(&paths, Site::Impl, errors) {
                            if method && rule == Rule::TooLong {
                                let path = paths.iter().find(|p| p.is_ident("too_long"));
                                errors.at_span(
                                    path.span(),
                                    "`too_long` measures the whole block, not one method. help: write #[orchestrate(allow(too_long))] on the impl block",
                                );
                            } else if !args.allow.contains(&rule) {
                                args.allow.push(rule);
                            }
                        }
                    }
                    Err(error) => errors.at_span(
                        error.span(),
                        format!("`allow(...)` lists rule names: {error}. help: write allow(business_logic, direct_io)"),
                    ),
                }
            }
            ("crate", Meta::NameValue(nv)) if !method => match &nv.value {
                syn::Expr::Path(path) if args.krate.is_none() => args.krate = Some(path.path.clone()),
                syn::Expr::Path(_) => errors.at_span(nv.span(), "`crate` is given twice. help: keep one"),
                other => errors.at_span(
                    other.span(),
                    "`crate` expects a path. help: write crate = ::my_orchestrator (the renamed facade crate)",
                ),
            },
            (_, meta) => {
                let expected = if method { "`allow(rule, ...)`" } else { KEYS };
                let hint = match did_you_mean(&key, ["allow", "crate"]) {
                    Some(best) if !key.is_empty() => format!("did you mean `{best}`? "),
                    _ => String::new(),
                };
                errors.at_span(
                    meta.span(),
                    format!(
                        "unknown #[orchestrate] argument `{}`. help: {hint}#[orchestrate] takes {expected}",
                        quote::ToTokens::to_token_stream(meta.path()).to_string().replace(' ', "")
                    ),
                );
            }
        }
    }
    args
}

/// Whether `attr` is a method-level `#[orchestrate(...)]`.
pub(crate) fn is_orchestrate(attr: &Attribute) -> bool {
    attr.path().is_ident("orchestrate")
}

/// The rules allowed by the `#[orchestrate(...)]` attributes of one method.
pub(crate) fn method_allows(attrs: &[Attribute], errors: &mut Diagnostics) -> Vec<Rule> {
    let mut allow = Vec::new();
    for attr in attrs.iter().filter(|a| is_orchestrate(a)) {
        let tokens = match &attr.meta {
            Meta::List(list) => list.tokens.clone(),
            Meta::Path(_) => proc_macro2::TokenStream::new(),
            Meta::NameValue(nv) => {
                errors.at_span(
                    nv.span(),
                    "#[orchestrate = ...] is not a form of the attribute. help: on a method write #[orchestrate(allow(rule))]",
                );
                continue;
            }
        };
        allow.extend(parse(tokens, true, errors).allow);
    }
    allow
}
