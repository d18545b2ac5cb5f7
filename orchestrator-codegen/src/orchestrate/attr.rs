//! Stage 1: the arguments of `#[orchestrate(...)]`, on the impl block and on one method.
//!
//! On the block: `allow(rule, ...)`, `crate = path`, `client` (or `client = Name`,
//! `client = pub Name`). On a method: `allow(rule, ...)`, `on_event`, `local`. An argument is
//! a key, alone, with a list (`allow(..)`) or with a value (`crate = path`); the value of
//! `client` is a visibility and a name, which no `syn::Meta` holds, so the arguments are read
//! here key by key.

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Ident, Meta, Path, Token, Visibility};

use crate::diag::{Diagnostics, did_you_mean};
use crate::rule::{Rule, Site, parse_allow};

/// The parsed arguments of one `#[orchestrate(...)]`, or of all of a method's.
#[derive(Default)]
pub(crate) struct Args {
    /// The rules named in `allow(...)`.
    pub allow: Vec<Rule>,
    /// `crate = path`: where the runtime is (default `::orchestrator`).
    pub krate: Option<Path>,
    /// `client`, `client = Name`, `client = pub Name` (block only).
    pub client: Option<ClientArg>,
    /// `on_event` (method only): the key, for spans.
    pub on_event: Option<Ident>,
    /// `local` (method only): the key, for spans.
    pub local: Option<Ident>,
}

/// `client = vis Name` on the block: the client trait asked for.
pub(crate) struct ClientArg {
    /// The `client` key, for spans.
    pub key: Ident,
    /// The trait's visibility, when written (default `pub(crate)`).
    pub vis: Option<Visibility>,
    /// The trait's name, when written (default `{Type}Calls`).
    pub name: Option<Ident>,
}

const BLOCK_KEYS: [&str; 3] = ["allow", "crate", "client"];
const METHOD_KEYS: [&str; 3] = ["allow", "on_event", "local"];
const KEYS: &str = "`allow(rule, ...)`, `crate = path` or `client`";
const METHOD_KEYS_TEXT: &str = "`allow(rule, ...)`, `on_event` or `local`";

/// One argument: a key (a path), and a list or a value.
struct Arg {
    path: Path,
    value: Value,
}

enum Value {
    /// `key`
    Flag,
    /// `key(tokens)`
    List(TokenStream),
    /// `key = tokens` (up to the next top-level comma), with the `=` for spans
    Eq(Token![=], TokenStream),
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let path = input.call(Path::parse_mod_style)?;
        let value = if input.peek(syn::token::Paren) {
            let content;
            syn::parenthesized!(content in input);
            Value::List(content.parse()?)
        } else if input.peek(Token![=]) {
            let eq = input.parse()?;
            let mut tokens = TokenStream::new();
            while !input.is_empty() && !input.peek(Token![,]) {
                tokens.extend([input.parse::<TokenTree>()?]);
            }
            Value::Eq(eq, tokens)
        } else {
            Value::Flag
        };
        Ok(Arg { path, value })
    }
}

impl Arg {
    /// The argument's tokens, for spans.
    fn tokens(&self) -> TokenStream {
        let path = &self.path;
        match &self.value {
            Value::Flag => quote::quote!(#path),
            Value::List(list) => quote::quote!(#path(#list)),
            Value::Eq(eq, value) => quote::quote!(#path #eq #value),
        }
    }
}

/// Parses the arguments of `#[orchestrate(...)]` on the impl block (`method: false`) or on a
/// method; every error goes to `errors`.
pub(crate) fn parse(tokens: TokenStream, method: bool, errors: &mut Diagnostics) -> Args {
    let mut args = Args::default();
    let list = match Punctuated::<Arg, Token![,]>::parse_terminated.parse2(tokens) {
        Ok(list) => list,
        Err(error) => {
            let expected = if method { METHOD_KEYS_TEXT } else { KEYS };
            errors.at_span(
                error.span(),
                format!(
                    "#[orchestrate] expects {expected}: {error}. help: write #[orchestrate] or #[orchestrate(allow(business_logic))]"
                ),
            );
            return args;
        }
    };
    for arg in list {
        let key = arg.path.get_ident().map(ToString::to_string).unwrap_or_default();
        match (key.as_str(), &arg.value) {
            ("allow", Value::List(list)) => allow(list, method, &mut args, errors),
            ("crate", Value::Eq(_, value)) if !method => match syn::parse2::<Path>(value.clone()) {
                Ok(path) if args.krate.is_none() => args.krate = crate::runtime::given_crate(path, errors),
                Ok(_) => errors.at(arg.tokens(), "`crate` is given twice. help: keep one"),
                Err(_) => errors.at(
                    value,
                    "`crate` expects a path. help: write crate = ::my_orchestrator (the renamed facade crate)",
                ),
            },
            ("client", value) if !method => client(&arg.path, value, &mut args, errors),
            ("on_event" | "local", Value::Flag) if method => {
                let ident = arg.path.get_ident().cloned();
                let slot = if key == "on_event" { &mut args.on_event } else { &mut args.local };
                if slot.is_some() {
                    errors.at(&arg.path, format!("`{key}` is given twice. help: keep one"));
                }
                *slot = slot.take().or(ident);
            }
            ("on_event" | "local", _) if method => {
                errors.at(arg.tokens(), format!("`{key}` takes no value. help: write #[orchestrate({key})]"))
            }
            _ => unknown(&arg, &key, method, errors),
        }
    }
    args
}

/// `allow(rule, ...)`.
fn allow(list: &TokenStream, method: bool, args: &mut Args, errors: &mut Diagnostics) {
    match Punctuated::<Path, Token![,]>::parse_terminated.parse2(list.clone()) {
        Ok(paths) => {
            let paths: Vec<Path> = paths.into_iter().collect();
            let site = if method { Site::Method } else { Site::Impl };
            for rule in parse_allow(&paths, site, errors) {
                if !args.allow.contains(&rule) {
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

/// `client`, `client = Name`, `client = pub Name`, `client = pub(crate) Name`.
fn client(key: &Path, value: &Value, args: &mut Args, errors: &mut Diagnostics) {
    let Some(ident) = key.get_ident().cloned() else { return };
    if args.client.is_some() {
        errors.at(key, "`client` is given twice. help: keep one");
        return;
    }
    let (vis, name) = match value {
        Value::Flag => (None, None),
        Value::Eq(_, tokens) => {
            let parsed = (|input: ParseStream<'_>| {
                let vis: Visibility = input.parse()?;
                let name: Ident = input.parse()?;
                Ok((vis, name))
            })
            .parse2(tokens.clone());
            match parsed {
                Ok((vis, name)) => ((!matches!(vis, Visibility::Inherited)).then_some(vis), Some(name)),
                Err(_) => {
                    errors.at(
                        if tokens.is_empty() { quote::quote!(#key) } else { tokens.clone() },
                        "`client` takes the name of the client trait, with its visibility if it is not `pub(crate)`. help: write `client`, `client = ShopCalls` or `client = pub ShopCalls`",
                    );
                    return;
                }
            }
        }
        Value::List(_) => {
            errors.at(
                key,
                "`client` takes no list. help: write `client`, `client = ShopCalls` or `client = pub ShopCalls`",
            );
            return;
        }
    };
    args.client = Some(ClientArg { key: ident, vis, name });
}

/// Reports an argument that is not one of the keys where it is written.
fn unknown(arg: &Arg, key: &str, method: bool, errors: &mut Diagnostics) {
    let (keys, expected, other) = if method {
        (&METHOD_KEYS, "`allow(rule, ...)`, `on_event` or `local`", &BLOCK_KEYS)
    } else {
        (&BLOCK_KEYS, KEYS, &METHOD_KEYS)
    };
    let shown = quote::ToTokens::to_token_stream(&arg.path).to_string().replace(' ', "");
    let message = if keys.contains(&key) {
        // a known key in the wrong form (`allow = x`, `crate(x)`)
        let example = match key {
            "allow" => "allow(business_logic)",
            "crate" => "crate = ::my_orchestrator",
            _ => key,
        };
        format!("`{shown}` is not written this way. help: write `{example}`")
    } else if other.contains(&key) {
        let (here, there) = if method { ("a method", "impl block") } else { ("the impl block", "method") };
        format!("`{shown}` does not go on {here}. help: write it on the {there}; here #[orchestrate] takes {expected}")
    } else {
        let hint = match did_you_mean(key, keys.iter().copied()) {
            Some(best) if !key.is_empty() => format!("did you mean `{best}`? "),
            _ => String::new(),
        };
        format!("unknown #[orchestrate] argument `{shown}`. help: {hint}#[orchestrate] takes {expected}")
    };
    errors.at_span(arg.path.span(), message);
}

/// Whether `attr` is a method-level `#[orchestrate(...)]`.
pub(crate) fn is_orchestrate(attr: &Attribute) -> bool {
    attr.path().is_ident("orchestrate")
}

/// The arguments of the `#[orchestrate(...)]` attributes of one method, together.
pub(crate) fn method_args(attrs: &[Attribute], errors: &mut Diagnostics) -> Args {
    let mut all = Args::default();
    for attr in attrs.iter().filter(|a| is_orchestrate(a)) {
        let tokens = match &attr.meta {
            Meta::List(list) => list.tokens.clone(),
            Meta::Path(_) => TokenStream::new(),
            Meta::NameValue(nv) => {
                errors.at_span(
                    nv.span(),
                    "#[orchestrate = ...] is not a form of the attribute. help: on a method write #[orchestrate(allow(rule))]",
                );
                continue;
            }
        };
        let args = parse(tokens, true, errors);
        all.allow.extend(args.allow);
        for (slot, new, key) in [(&mut all.on_event, args.on_event, "on_event"), (&mut all.local, args.local, "local")]
        {
            match (slot.as_ref(), new) {
                (Some(_), Some(again)) => errors.at(&again, format!("`{key}` is given twice. help: keep one")),
                (None, new) => *slot = new,
                (Some(_), None) => {}
            }
        }
    }
    all
}
