//! Stage 4b: the tokens of the calls a running orchestrator receives ([`calls`](super::calls)):
//! the client trait of `#[orchestrate(client)]` with its impl for `Client<Self>`, and one
//! `Handles<Event>` impl per `#[orchestrate(on_event)]` handler. Each method is one call into
//! the runtime (`Client::__immediate`, `Link::__exclusive`, ...), which holds the queue, the
//! reply and the panic guard; the closure it passes is the only code generated per method.
//!
//! Nothing is emitted for a block that asks for neither, so the default expansion does not
//! grow. The emitted items are wrapped in the runtime's `__with_tokio!`, spanned at the key
//! that asked for them: without the `tokio` feature they are one error there.

use proc_macro2::{Group, Literal, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::{Ident, Type, WherePredicate, parse_quote};

use super::attr::ClientArg;
use super::calls::{Access, Call, Calls, Handler};
use super::model::Block;

/// The client trait and the event handlers' impls of `block`, or nothing. `valid` is false
/// when the block has errors: the items are then emitted without the check that the
/// orchestrator is async, so that its callers see no second error.
pub(crate) fn calls(block: &Block<'_>, calls: &Calls<'_>, private: &TokenStream, valid: bool) -> TokenStream {
    let handlers: Vec<&Handler<'_>> = calls.handlers.iter().filter(|h| h.event.is_some()).collect();
    let (what, key) = match (&block.client, calls.handlers.first()) {
        (None, None) => return TokenStream::new(),
        (Some(client), None) => ("a client (`#[orchestrate(client)]`)", &client.key),
        (None, Some(first)) => ("an event handler (`#[orchestrate(on_event)]`)", first.key),
        (Some(client), Some(_)) => {
            ("a client (`#[orchestrate(client)]`) with event handlers (`#[orchestrate(on_event)]`)", &client.key)
        }
    };
    let local = quote!(__private);
    let ctx = Context::new(block, &local);
    let (declaration, client) = match &block.client {
        Some(arg) => client(&ctx, arg, &calls.client, private),
        None => (TokenStream::new(), TokenStream::new()),
    };
    let handlers = handlers.iter().map(|h| handler(&ctx, h));
    let is_async = valid.then(|| is_async(&ctx, key, what)).flatten();
    let with_tokio = respan(quote!(#private::__with_tokio!), at(key.span()));
    // the trait where its users name it, the impls where the runtime has a short name
    let items = quote! {
        #what,
        #declaration
        const _: () = {
            use #private as __private;
            #client
            #(#handlers)*
            #is_async
        };
    };
    let mut group = TokenTree::Group(Group::new(proc_macro2::Delimiter::Parenthesis, items));
    group.set_span(at(key.span()));
    quote!(#with_tokio #group;)
}

/// What every generated item of a block shares.
struct Context<'a> {
    block: &'a Block<'a>,
    /// The runtime's hidden module, by its short name in the generated `const _` block.
    private: &'a TokenStream,
    /// The self type, as written.
    self_ty: TokenStream,
    /// The block's generic parameters, with their bounds.
    impl_generics: TokenStream,
    /// The block's generic parameters, as arguments (`<T>`).
    ty_generics: TokenStream,
    /// The block's where clause plus, for a generic block, `SelfTy: 'static` (what travels to
    /// a running orchestrator outlives the call).
    where_clause: TokenStream,
}

impl<'a> Context<'a> {
    fn new(block: &'a Block<'a>, private: &'a TokenStream) -> Self {
        let item = block.item;
        let self_ty = item.self_ty.to_token_stream();
        let (impl_generics, ty_generics, _) = item.generics.split_for_impl();
        let mut where_clause = item.generics.where_clause.clone();
        if !item.generics.params.is_empty() {
            let bound: WherePredicate = parse_quote!(#self_ty: 'static);
            where_clause.get_or_insert_with(|| parse_quote!(where)).predicates.push(bound);
        }
        Context {
            block,
            private,
            impl_generics: impl_generics.to_token_stream(),
            ty_generics: ty_generics.to_token_stream(),
            where_clause: where_clause.to_token_stream(),
            self_ty,
        }
    }

    /// `ty` with `Self` written as the self type: in the client trait, `Self` is the client.
    fn concrete(&self, ty: &Type) -> TokenStream {
        replace_self(ty.to_token_stream(), &self.self_ty)
    }
}

/// The client trait (its declaration names the runtime by `full`, its whole path) and its impl
/// for `Client<SelfTy>`.
fn client(ctx: &Context<'_>, arg: &ClientArg, calls: &[Call<'_>], full: &TokenStream) -> (TokenStream, TokenStream) {
    let Context { block, private, self_ty, impl_generics, ty_generics, where_clause } = ctx;
    let name = arg.name.clone().unwrap_or_else(|| format_ident!("{}Calls", block.name, span = arg.key.span()));
    let vis = arg.vis.as_ref().map_or_else(|| quote_spanned!(arg.key.span()=> pub(crate)), ToTokens::to_token_stream);
    let trait_where = &block.item.generics.where_clause;
    let doc = format!(
        " Calls of the coordination methods of `{}` on the running orchestrator, through its `Client`: each waits its turn in the orchestrator's queue, runs the method there and returns its result, or the `CallError` that kept it from running or finishing.",
        block.name
    );
    // a misused method whose result is `impl Trait` has no signature a stub could keep
    let calls: Vec<&Call<'_>> = calls.iter().filter(|call| call.valid || !call.opaque_output()).collect();
    let declarations = calls.iter().map(|call| {
        let attrs = call.func.attrs.iter().filter(|a| a.path().is_ident("doc") || a.path().is_ident("cfg"));
        let signature = signature(ctx, call, full);
        quote! {
            #(#attrs)*
            #signature;
        }
    });
    let definitions = calls.iter().map(|call| {
        let cfgs = call.func.attrs.iter().filter(|a| a.path().is_ident("cfg"));
        let signature = signature(ctx, call, private);
        let (body, signature) = if call.valid {
            // the signature too at the body's span: a bound the body misses is one error there
            let (body, span) = client_body(ctx, call);
            (body, respan(signature, span))
        } else {
            (quote!(::core::future::pending()), signature)
        };
        let unused = (!call.valid).then(|| quote!(#[allow(unused_variables)]));
        quote! {
            #(#cfgs)*
            #unused
            #signature {
                #body
            }
        }
    });
    let declaration = quote! {
        #[doc = #doc]
        #vis trait #name #impl_generics #trait_where {
            #(#declarations)*
        }
    };
    let implementation = quote! {
        impl #impl_generics #name #ty_generics for #private::Client<#self_ty> #where_clause {
            #(#definitions)*
        }
    };
    (declaration, implementation)
}

/// `fn name(&self, a: A, ...) -> impl Future<Output = Result<R, CallError>> + Send`; a
/// misused method (reported) keeps its generics, so that its stub compiles.
fn signature(ctx: &Context<'_>, call: &Call<'_>, private: &TokenStream) -> TokenStream {
    let ident = call.ident();
    let generics = (!call.valid).then_some(&call.func.sig.generics);
    let where_clause = generics.and_then(|g| g.where_clause.as_ref());
    let args = call.args.iter().map(|(name, ty)| {
        let ty = ctx.concrete(ty);
        quote!(#name: #ty)
    });
    let output = call.output().map_or_else(|| quote!(()), |ty| ctx.concrete(ty));
    quote! {
        fn #ident #generics(&self, #(#args),*) -> impl ::core::future::Future<
            Output = ::core::result::Result<#output, #private::CallError>,
        > + ::core::marker::Send #where_clause
    }
}

/// `self.__immediate("name", move |this: &mut SelfTy| this.name(a, ...))`, or its
/// `__immediate_shared`, `__exclusive`, `__shared` form. Spanned at the method's parameters
/// (at its `&self` for `__shared`, which needs the orchestrator to be `Sync`): a parameter or
/// a result that is not `Send` is one error there.
fn client_body(ctx: &Context<'_>, call: &Call<'_>) -> (TokenStream, Span) {
    let self_ty = &ctx.self_ty;
    let sig = &call.func.sig;
    let span = match (call.is_async(), call.access, sig.receiver()) {
        (true, Access::Shared, Some(receiver)) => at(receiver.self_token.span),
        _ => at(sig.paren_token.span.join()),
    };
    let private = respan(ctx.private.clone(), span);
    let ident = call.ident();
    let name = Literal::string(&call.name());
    let names: Vec<&Ident> = call.args.iter().map(|(name, _)| name).collect();
    // the closure's parameter, named apart from the method's own parameters
    let mut this = String::from("this");
    while names.iter().any(|n| **n == this) {
        this.push('_');
    }
    let this = Ident::new(&this, span);
    let borrow = match call.access {
        Access::Exclusive => quote_spanned!(span=> &mut #self_ty),
        Access::Shared => quote_spanned!(span=> &#self_ty),
    };
    let run = quote_spanned!(span=> #this.#ident(#(#names),*));
    let body = match (call.is_async(), call.access) {
        (false, Access::Exclusive) => quote_spanned!(span=> self.__immediate(#name, move |#this: #borrow| #run)),
        (false, Access::Shared) => quote_spanned!(span=> self.__immediate_shared(#name, move |#this: #borrow| #run)),
        (true, access) => {
            let output = call.output().map_or_else(|| quote!(()), |ty| ctx.concrete(ty));
            let via = if access == Access::Exclusive {
                quote_spanned!(span=> __exclusive)
            } else {
                quote_spanned!(span=> __shared)
            };
            quote_spanned! {span=>
                self.#via(#name, move |#this: #borrow| -> #private::BoxFuture<'_, #output> {
                    #private::Box::pin(#run)
                })
            }
        }
    };
    (body, span)
}

/// `impl Handles<Event> for SelfTy`: the sink of the handler's events. The impl is spanned at
/// the event type (a second handler of `Fault`, which supervision handles, conflicts there);
/// the sink at the event type too (at `&self` for `__shared`, which needs the orchestrator to
/// be `Sync`), and the recording of a `Result` at the return type (its error must be
/// `Display`).
fn handler(ctx: &Context<'_>, handler: &Handler<'_>) -> TokenStream {
    let Context { block, self_ty, impl_generics, where_clause, .. } = ctx;
    let Some(event_ty) = handler.event else { return TokenStream::new() };
    let call = &handler.call;
    let sig = &call.func.sig;
    let event_span = at(syn::spanned::Spanned::span(event_ty));
    let event = respan(ctx.concrete(event_ty), event_span);
    let ident = call.ident();
    let name = Literal::string(&call.name());
    let cfgs = call.func.attrs.iter().filter(|a| a.path().is_ident("cfg"));
    let span = match (call.is_async(), call.access, sig.receiver()) {
        (true, Access::Shared, Some(receiver)) => at(receiver.self_token.span),
        _ => event_span,
    };
    let private = &respan(ctx.private.clone(), span);
    let borrow = match call.access {
        Access::Exclusive => quote_spanned!(span=> &mut Self),
        Access::Shared => quote_spanned!(span=> &Self),
    };
    let orchestrator = Literal::string(&block.name);
    let record = |outcome: TokenStream| match &sig.output {
        syn::ReturnType::Type(_, ty) if handler.result => {
            let span = at(syn::spanned::Spanned::span(ty));
            let (private, outcome) = (respan(ctx.private.clone(), span), respan(outcome, span));
            quote_spanned!(span=> #private::HandlerOutcome::record(#outcome, #orchestrator, #name))
        }
        _ => outcome,
    };
    let body = match (call.valid, call.is_async(), call.access) {
        // a misused handler (reported): a sink that compiles, never run
        (false, ..) => quote!(link.__immediate(#name, |_: &mut Self, _: #event| {})),
        (true, false, access) => {
            let via = if access == Access::Exclusive {
                quote_spanned!(span=> __immediate)
            } else {
                quote_spanned!(span=> __immediate_shared)
            };
            let run = record(quote_spanned!(span=> this.#ident(event)));
            quote_spanned!(span=> link.#via(#name, |this: #borrow, event: #event| #run))
        }
        (true, true, access) => {
            let via = if access == Access::Exclusive {
                quote_spanned!(span=> __exclusive)
            } else {
                quote_spanned!(span=> __shared)
            };
            let future = if handler.result {
                let run = record(quote_spanned!(span=> this.#ident(event).await));
                quote_spanned!(span=> async move { #run })
            } else {
                quote_spanned!(span=> this.#ident(event))
            };
            quote_spanned! {span=>
                link.#via(#name, |this: #borrow, event: #event| -> #private::BoxFuture<'_, ()> {
                    #private::Box::pin(#future)
                })
            }
        }
    };
    // the header from `impl` to the self type at the event type, as the user's own tokens (a
    // span of the macro's would be shown from the attribute on)
    let raw = syn::spanned::Spanned::span(event_ty);
    let (impl_token, for_token) = (quote_spanned!(raw=> impl), quote_spanned!(raw=> for));
    let self_at_event = respan(self_ty.clone(), raw);
    let handles = respan(quote!(#private::Handles<#event>), event_span);
    let private = &ctx.private;
    let items = quote! {
        fn __sink(link: &#private::Link<Self>, _: usize) -> #private::Sink<#event> {
            #body
        }
    };
    let mut items = Group::new(proc_macro2::Delimiter::Brace, items);
    items.set_span(raw);
    quote! {
        #(#cfgs)*
        #impl_token #impl_generics #handles #for_token #self_at_event #where_clause #items
    }
}

/// For a block whose self type is not generic: a compile-time check, at `key`, that the
/// orchestrator is not a sync one (only an async orchestrator runs, and so has a client or
/// receives events). A type that is no orchestrator at all passes it: the block's own check
/// reports that, once.
fn is_async(ctx: &Context<'_>, key: &Ident, what: &str) -> Option<TokenStream> {
    if !ctx.block.item.generics.params.is_empty() {
        return None;
    }
    let Context { private, self_ty, block, .. } = ctx;
    let message = format!(
        "{what} needs an async orchestrator: `{name}` is a sync one, and only an async orchestrator runs (`serve`) to receive calls and events. help: add `#[orchestrator(async)]` to the struct `{name}`",
        name = block.name
    );
    Some(quote_spanned! {at(key.span())=>
        use #private::NotAnOrchestrator as _;
        const _: () = ::core::assert!(!<#private::Probe<#self_ty>>::S, #message);
    })
}

/// `tokens` with every `Self` replaced by `self_ty`.
fn replace_self(tokens: TokenStream, self_ty: &TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .flat_map(|tree| match tree {
            TokenTree::Ident(ident) if ident == "Self" => self_ty.clone(),
            TokenTree::Group(group) => {
                let mut new = Group::new(group.delimiter(), replace_self(group.stream(), self_ty));
                new.set_span(group.span());
                TokenTree::Group(new).into()
            }
            other => other.into(),
        })
        .collect()
}

/// A span at `location` that resolves names as the macro's own tokens do (and, like them, is
/// spared the lints about the user's code, such as `unused_qualifications`).
fn at(location: Span) -> Span {
    Span::call_site().located_at(location)
}

/// `tokens` with every span set to `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let TokenTree::Group(group) = &tree {
                let mut new = Group::new(group.delimiter(), respan(group.stream(), span));
                new.set_span(span);
                tree = TokenTree::Group(new);
            }
            tree.set_span(span);
            tree
        })
        .collect()
}
