//! Stage 4a: one coordination method, guarded and traced.
//!
//! The user's method keeps its name, signature and attributes; its body moves, unchanged, into
//! a private `__orchestrate_<name>` with the same signature, and the public method becomes:
//! start the call's span, check readiness, call the body, record the outcome. Keeping the body
//! in its own function keeps `return`, `?`, `impl Trait` and borrows of `self` in the return
//! type exactly as written.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{
    Attribute, FnArg, GenericParam, ImplItemFn, Pat, PatIdent, Receiver, ReceiverKind, ReturnType, Safety, Type,
};

use super::calls::{fresh_name, plain_name};
use super::model::result_type;

/// What every coordination method of a block shares.
pub(crate) struct Context {
    /// The runtime's hidden module: `::orchestrator::__private_0_1_0` (or under the
    /// `crate = path` given).
    pub private: TokenStream,
    /// `Self`, spanned at the block's self type (so a missing `DerivedOrchestrator` impl is one error there).
    pub self_kw: TokenStream,
    /// The statement evaluating the block's `too_long` check, for generic blocks.
    pub too_long: Option<TokenStream>,
}

/// The outer (public) and inner (body) methods of coordination method `func`.
pub(crate) fn coordination(func: &ImplItemFn, ctx: &Context) -> TokenStream {
    let name = func.sig.ident.unraw().to_string();
    let inner = format_ident!("__orchestrate_{}", name, span = func.sig.ident.span());
    let Context { private, self_kw, too_long } = ctx;

    // The inner method: the user's, renamed, private and hidden.
    let mut inner_fn = func.clone();
    inner_fn.vis = syn::Visibility::Inherited;
    inner_fn.sig.ident = inner.clone();
    inner_fn.attrs = func.attrs.iter().filter(|a| keep_on_inner(a)).cloned().collect();

    // The outer method: same signature, each argument a plain identifier it passes on: its own
    // name where it has one (rustdoc and IDEs show it), a fresh one for a pattern.
    let mut outer_sig = func.sig.clone();
    let mut call_args = Vec::new();
    let names: Vec<&Ident> = func
        .sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            FnArg::Typed(typed) => plain_name(&typed.pat),
            FnArg::Receiver(_) => None,
        })
        .collect();
    for (index, arg) in outer_sig.inputs.iter_mut().enumerate() {
        match arg {
            FnArg::Receiver(receiver) => {
                if !matches!(receiver.kind, ReceiverKind::Reference(..)) {
                    receiver.mutability = None;
                }
                receiver.attrs.clear();
                call_args.push(quote!(self));
            }
            FnArg::Typed(typed) => {
                let ident = match plain_name(&typed.pat) {
                    Some(ident) => ident.clone(),
                    None => fresh_name(index, &names, typed.pat.span()),
                };
                typed.attrs.clear();
                *typed.pat = Pat::Ident(PatIdent {
                    attrs: Vec::new(),
                    by_ref: None,
                    mutability: None,
                    ident: ident.clone(),
                    subpat: None,
                });
                call_args.push(quote!(#ident));
            }
        }
    }
    // `#[expect(...)]` belongs to the body, where the code it is about is: on the wrapper it
    // would be unfulfilled
    let outer_attrs = func.attrs.iter().filter(|a| !a.path().is_ident("expect"));
    let vis = &func.vis;

    // `Self::__orchestrate_name::<T, N>(self, item, ...)`
    let turbofish: Vec<TokenStream> = func
        .sig
        .generics
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Type(t) => Some(t.ident.to_token_stream()),
            GenericParam::Const(c) => Some(c.ident.to_token_stream()),
            GenericParam::Lifetime(_) => None,
        })
        .collect();
    let turbofish = if turbofish.is_empty() { quote!() } else { quote!(::<#(#turbofish),*>) };
    let mut body_call = quote!(Self::#inner #turbofish (#(#call_args),*));
    if matches!(func.sig.safety, Safety::Unsafe(_)) {
        body_call = quote!(unsafe { #body_call });
    }
    // The guard itself is `__coordinate!` of orchestrator-core: rustc writes it out, so the
    // proc macro emits a few tokens per method instead of a hundred.
    let this = readiness_arg(func.sig.receiver());
    let kind = if func.sig.asyncness.is_some() { quote!(async) } else { quote!() };
    let head = quote!(#self_kw, #name, #this);
    let pre = quote!({ #too_long });
    let body = match result_type(&func.sig.output) {
        Some(ty) => {
            // Written here, spanned at the return type: an error type without `From<NotReady>` is
            // one error there, with `FromNotReady`'s message.
            let span = ty.span();
            let private: TokenStream = private
                .clone()
                .into_iter()
                .map(|mut token| {
                    token.set_span(span);
                    token
                })
                .collect();
            let from = quote_spanned!(span=>
                |__not_ready| ::core::result::Result::Err(#private::FromNotReady::from_not_ready(__not_ready))
            );
            quote!(#private::__coordinate!(#kind result, #head, #from, #pre #body_call))
        }
        // Another spelled type (an alias of `Result` among them): decided by the type itself,
        // `Err(NotReady.into())` for a `Result` whose error converts, a panic otherwise.
        None => match nameable_return(&func.sig.output) {
            Some(ret) => quote!(#private::__coordinate!(#kind typed, #head, #ret, #pre #body_call)),
            None => quote!(#private::__coordinate!(#kind plain, #head, #pre #body_call)),
        },
    };
    let allow = quote_spanned!(Span::call_site()=> #[allow(clippy::used_underscore_items, clippy::let_unit_value, clippy::useless_conversion)]);
    // A method called before `initialize()` panics at its caller, as a method that checks its
    // own precondition would (`#[track_caller]` is a no-op on an `async fn`, and refused there).
    let track_caller = (func.sig.asyncness.is_none() && !func.attrs.iter().any(|a| a.path().is_ident("track_caller")))
        .then(|| quote!(#[track_caller]));
    // The body is the user's exported method: the lints clippy spares exported API
    // (`avoid-breaking-exported-api`) spare it too.
    let exempt = quote_spanned!(Span::call_site()=> #[allow(
        clippy::unnecessary_wraps,
        clippy::unused_self,
        clippy::trivially_copy_pass_by_ref,
        clippy::needless_pass_by_value,
        clippy::unused_async
    )]);
    quote! {
        #(#outer_attrs)*
        #allow
        #track_caller
        #vis #outer_sig {
            #body
        }
        #[doc(hidden)]
        #[inline]
        #exempt
        #inner_fn
    }
}

/// Attributes the body function keeps: conditional compilation, lint levels, `track_caller`.
fn keep_on_inner(attr: &Attribute) -> bool {
    ["cfg", "allow", "warn", "deny", "forbid", "expect", "track_caller"].iter().any(|name| attr.path().is_ident(name))
}

/// The `&Self` the readiness guard reads, from the receiver: `self` for `&self` / `&mut self`,
/// `&self` for `self` / `mut self`, `&*self` for `self: Box<Self>`, `self: Pin<&mut Self>`, ....
fn readiness_arg(receiver: Option<&Receiver>) -> TokenStream {
    match receiver.map(|r| &r.kind) {
        Some(ReceiverKind::Reference(..)) => quote!(self),
        Some(ReceiverKind::Typed(..)) => quote!(&*self),
        _ => quote!(&self),
    }
}

/// The return type when the guard can name it in a turbofish: written, and no `impl Trait`
/// (an opaque type has no name) and no `Self`-free lifetime trouble (`'_`).
fn nameable_return(output: &ReturnType) -> Option<&Type> {
    let ReturnType::Type(_, ty) = output else { return None };
    let text = ty.to_token_stream().to_string();
    let opaque = text.split(|c: char| !c.is_alphanumeric() && c != '_').any(|word| word == "impl" || word == "dyn");
    (!opaque && !text.contains("'_")).then_some(&**ty)
}
