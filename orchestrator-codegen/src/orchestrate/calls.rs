//! Stage 2b: what a running orchestrator receives from the outside: the methods of its client
//! (`#[orchestrate(client)]`: every coordination method not marked `#[orchestrate(local)]`) and
//! its event handlers (`#[orchestrate(on_event)]`). A call travels to the task that runs the
//! orchestrator and its result travels back, so each is checked here for what can travel: owned
//! parameters and results, a `&self` or `&mut self` receiver, no generics. Each misuse is one
//! error at its token, whose help compiles when followed: `#[orchestrate(local)]` keeps a method
//! out of the client.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{FnArg, Ident, ImplItemFn, Lifetime, Pat, PatIdent, ReceiverKind, ReturnType, Type};

use super::model::{Block, Method, result_type};
use crate::diag::Diagnostics;

/// How a call borrows the orchestrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// `&mut self`: alone.
    Exclusive,
    /// `&self`: with the other `&self` calls.
    Shared,
}

/// One method the running orchestrator's task calls.
pub(crate) struct Call<'a> {
    /// The method.
    pub func: &'a ImplItemFn,
    /// How it borrows the orchestrator.
    pub access: Access,
    /// Its parameters besides the receiver: the name the generated code gives each (its own,
    /// or `__arg<N>` for a pattern), and its type.
    pub args: Vec<(Ident, &'a Type)>,
    /// Whether it can be called from the outside (else its misuse is reported, and the
    /// expansion gives it a body that compiles but never runs, so that its callers get no
    /// second error).
    pub valid: bool,
}

impl Call<'_> {
    /// The method's name as written (`r#type` stays raw).
    pub(crate) fn ident(&self) -> &Ident {
        &self.func.sig.ident
    }

    /// The method's name, without `r#`.
    pub(crate) fn name(&self) -> String {
        self.func.sig.ident.unraw().to_string()
    }

    /// Whether it is an `async fn`.
    pub(crate) fn is_async(&self) -> bool {
        self.func.sig.asyncness.is_some()
    }

    /// Whether its return type holds an `impl Trait`.
    pub(crate) fn opaque_output(&self) -> bool {
        self.output().and_then(Borrow::find).is_some_and(|found| matches!(found, Borrow::Opaque(_)))
    }

    /// Its return type, `None` for `()`.
    pub(crate) fn output(&self) -> Option<&Type> {
        match &self.func.sig.output {
            ReturnType::Default => None,
            ReturnType::Type(_, ty) => Some(ty),
        }
    }
}

/// An event handler: a call whose one parameter is the event.
pub(crate) struct Handler<'a> {
    /// The method, its one argument the event.
    pub call: Call<'a>,
    /// The event's type; `None` when no `Handles` impl can be written for it (no event, a
    /// borrowed one, or the same type as an earlier handler's: all reported).
    pub event: Option<&'a Type>,
    /// Whether it returns a `Result`, whose error is recorded.
    pub result: bool,
    /// The `on_event` key, for spans.
    pub key: &'a Ident,
}

/// The methods of the client, when one is asked for, and the event handlers.
pub(crate) struct Calls<'a> {
    /// The client's methods, in the block's order (empty without `client`).
    pub client: Vec<Call<'a>>,
    /// The event handlers, in the block's order.
    pub handlers: Vec<Handler<'a>>,
}

/// The inherent methods of `Client` with a receiver: a client method of the same name would
/// never be called by `client.name(..)`, `Client`'s own method would (and `clone`, of `Clone`,
/// would be ambiguous).
const CLIENT_METHODS: [&str; 6] = ["no_wait", "is_running", "shutdown", "restart", "restart_with", "clone"];

const LOCAL: &str = "keep it out of the client with `#[orchestrate(local)]` on the method";

/// The client's methods and the event handlers of `block`, each checked; every misuse goes to
/// `errors`.
pub(crate) fn calls<'a>(block: &'a Block<'a>, errors: &mut Diagnostics) -> Calls<'a> {
    let mut client = Vec::new();
    let mut handlers: Vec<Handler<'a>> = Vec::new();
    for method in &block.methods {
        if let Some(local) = &method.local {
            local_misuse(method, local, errors);
        }
        if let Some(key) = &method.on_event {
            let mut handler = handler(block, method, key, errors);
            if let Some(event) = handler.event {
                let tokens = event.to_token_stream().to_string();
                let same = |h: &&Handler<'_>| h.event.is_some_and(|e| e.to_token_stream().to_string() == tokens);
                if let Some(first) = handlers.iter().find(same) {
                    errors.at(
                        event,
                        format!(
                            "two event handlers of `{}` take `{}`: `{}` and `{}`; each event goes to one handler. help: handle it in one method, and remove `#[orchestrate(on_event)]` from the other",
                            block.name,
                            text(event),
                            first.call.name(),
                            handler.call.name()
                        ),
                    );
                    handler.event = None;
                    handler.call.valid = false;
                }
            }
            handlers.push(handler);
        } else if block.client.is_some() && method.coordination && method.local.is_none() {
            client.push(client_call(block, method, errors));
        }
    }
    Calls { client, handlers }
}

/// `#[orchestrate(local)]` where it does nothing: on an event handler, or on a method that is
/// no coordination method.
fn local_misuse(method: &Method<'_>, local: &Ident, errors: &mut Diagnostics) {
    let why = if method.on_event.is_some() {
        format!("`{}` is an event handler, and handlers are never in the client", method.name)
    } else if !method.coordination {
        format!(
            "`{}` is no coordination method (not visible outside the block, or without `self`), so it is not in the client anyway",
            method.name
        )
    } else {
        return;
    };
    errors.at(local, format!("`local` keeps a coordination method out of the client; {why}. help: remove `local`"));
}

/// The client's method for coordination method `method`, each reason it cannot be one
/// reported (it is then not `valid`).
fn client_call<'a>(block: &Block<'a>, method: &Method<'a>, errors: &mut Diagnostics) -> Call<'a> {
    let func = method.func;
    let name = &method.name;
    let owner = &block.name;
    let before = errors.len();
    let mut report = |node: TokenStream, why: String, fix: &str| {
        errors.at(
            node,
            format!("`{name}` cannot be called through the client of `{owner}`: {why}. help: {fix}, or {LOCAL}"),
        );
    };
    if CLIENT_METHODS.contains(&name.as_str()) {
        report(
            func.sig.ident.to_token_stream(),
            format!("`Client` has a method `{name}` of its own, which `client.{name}(..)` calls"),
            "rename the method",
        );
    }
    if let syn::Safety::Unsafe(unsafety) = &func.sig.safety {
        report(
            unsafety.to_token_stream(),
            "it is `unsafe`, and the client's method could not pass its contract on".to_owned(),
            "make it a safe `fn`",
        );
    }
    generics(func, &mut report);
    let access = access(func).map_err(|node| {
        report(
            node,
            "the client calls it on the running orchestrator, which each call only borrows".to_owned(),
            "take `&self` or `&mut self`",
        );
    });
    let mut args = Vec::new();
    for (index, (pat, ty)) in params(func).enumerate() {
        if let Some(found) = Borrow::find(ty) {
            let what = pat_text(pat);
            report(found.node(), format!("its parameter {what} {}", found.travels()), &found.fix(ty));
        }
        args.push((arg_name(func, index, pat), ty));
    }
    if let ReturnType::Type(_, ty) = &func.sig.output
        && let Some(found) = Borrow::find(ty)
    {
        let why = match found {
            Borrow::Opaque(_) => "its result is `impl Trait`, a type the client's method cannot name".to_owned(),
            _ => "its result borrows, and it travels back from the task that runs the orchestrator".to_owned(),
        };
        report(found.node(), why, &found.fix(ty).replace("take ", "return "));
    }
    let valid = errors.len() == before;
    Call { func, access: access.unwrap_or(Access::Exclusive), args, valid }
}

/// The event handler `method`, each way its shape is wrong reported (it is then not `valid`).
fn handler<'a>(block: &Block<'a>, method: &'a Method<'a>, key: &'a Ident, errors: &mut Diagnostics) -> Handler<'a> {
    let func = method.func;
    let name = &method.name;
    let owner = &block.name;
    let before = errors.len();
    let shape = format!("`#[orchestrate(on_event)] fn {name}(&mut self, event: YourEvent)`");
    let mut report = |node: TokenStream, why: String, fix: &str| {
        errors.at(node, format!("event handler `{name}` of `{owner}`: {why}. help: {fix}"));
    };
    if let syn::Safety::Unsafe(unsafety) = &func.sig.safety {
        report(
            unsafety.to_token_stream(),
            "it is `unsafe`, and the running orchestrator calls it".to_owned(),
            "make it a safe `fn`",
        );
    }
    generics(func, &mut |node, why, _| report(node, why, "make it take the event's concrete type"));
    let access = match func.sig.receiver() {
        None => {
            report(
                func.sig.ident.to_token_stream(),
                "it has no `self`, and the running orchestrator calls it on itself".to_owned(),
                &format!("write it {shape}"),
            );
            None
        }
        Some(_) => access(func)
            .map_err(|node| {
                report(
                    node,
                    "the running orchestrator only borrows itself to each handler".to_owned(),
                    "take `&self` or `&mut self`",
                );
            })
            .ok(),
    };
    let params: Vec<(&Pat, &Type)> = params(func).collect();
    let event = match params.as_slice() {
        [] => {
            if func.sig.receiver().is_some() {
                report(
                    func.sig.inputs.to_token_stream(),
                    "it takes no event; a handler takes exactly one parameter besides `self`, the event".to_owned(),
                    &format!("write it {shape}"),
                );
            }
            None
        }
        [(_, ty)] => Some(*ty),
        [_, (pat, ty), ..] => {
            let second = quote!(#pat: #ty);
            report(
                second,
                "it takes more than the event; a handler takes exactly one parameter besides `self`, the event"
                    .to_owned(),
                "take the event alone (a struct, if it carries several values)",
            );
            None
        }
    };
    let event = event.filter(|ty| {
        let Some(found) = Borrow::find(ty) else { return true };
        let why = match found {
            Borrow::Opaque(_) => "its event is `impl Trait`, a type no component can raise".to_owned(),
            _ => "its event borrows, and events travel from the components' tasks to the orchestrator's".to_owned(),
        };
        report(found.node(), why, &found.fix(ty));
        false
    });
    let result = match &func.sig.output {
        ReturnType::Default => false,
        ReturnType::Type(_, ty) if matches!(&**ty, Type::Tuple(t) if t.elems.is_empty()) => false,
        ReturnType::Type(_, ty) => {
            if result_type(&func.sig.output).is_none() {
                report(
                    ty.to_token_stream(),
                    "it returns a value, and nobody receives what a handler returns".to_owned(),
                    "return nothing, or a `Result<(), E>` whose error is traced",
                );
            }
            true
        }
    };
    let valid = errors.len() == before;
    let args = event.map(|event| (Ident::new("event", Span::call_site()), event)).into_iter().collect();
    let call = Call { func, access: access.unwrap_or(Access::Exclusive), args, valid };
    Handler { call, event, result, key }
}

/// Reports a generic method (one message per call has one type).
fn generics(func: &ImplItemFn, report: &mut impl FnMut(TokenStream, String, &str)) {
    let generics = &func.sig.generics;
    if !generics.params.is_empty() {
        let (lt, params, gt) = (&generics.lt_token, &generics.params, &generics.gt_token);
        report(
            quote!(#lt #params #gt),
            "it is generic, and what travels to the running orchestrator has one type".to_owned(),
            "make it take concrete types",
        );
    }
}

/// How `func` borrows the orchestrator, or the receiver's tokens when it does not borrow it
/// (`self`, `self: Box<Self>`, ...).
fn access(func: &ImplItemFn) -> Result<Access, TokenStream> {
    let Some(receiver) = func.sig.receiver() else { return Err(func.sig.ident.to_token_stream()) };
    let by_ref = |mutability: bool| if mutability { Access::Exclusive } else { Access::Shared };
    match &receiver.kind {
        ReceiverKind::Reference(_, _, mutability) => Ok(by_ref(mutability.is_some())),
        ReceiverKind::Typed(_, ty) => match &**ty {
            Type::Reference(reference) if is_self_type(&reference.elem) => Ok(by_ref(reference.mutability.is_some())),
            _ => Err(receiver.to_token_stream()),
        },
        _ => Err(receiver.to_token_stream()),
    }
}

/// Whether `ty` is `Self`.
fn is_self_type(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none() && path.path.is_ident("Self"))
}

/// The typed parameters of `func`: pattern and type.
fn params(func: &ImplItemFn) -> impl Iterator<Item = (&Pat, &Type)> {
    func.sig.inputs.iter().filter_map(|arg| match arg {
        FnArg::Typed(typed) => Some((&*typed.pat, &*typed.ty)),
        FnArg::Receiver(_) => None,
    })
}

/// `` `name` `` for a plain parameter, else the pattern's text.
fn pat_text(pat: &Pat) -> String {
    format!("`{}`", pat.to_token_stream().to_string().replace(" ,", ",").replace("( ", "(").replace(" )", ")"))
}

/// The name the generated code gives parameter `index` (counting typed parameters) of `func`.
fn arg_name(func: &ImplItemFn, index: usize, pat: &Pat) -> Ident {
    if let Some(ident) = plain_name(pat) {
        return ident.clone();
    }
    let names: Vec<&Ident> = params(func).filter_map(|(pat, _)| plain_name(pat)).collect();
    // counted like the guard counts them: the receiver is parameter 0
    let offset = usize::from(func.sig.receiver().is_some());
    fresh_name(index + offset, &names, pat.span())
}

/// The name of an argument pattern that is a plain identifier (`item`, `mut v`), `None` for any
/// other pattern (`(a, b)`, `_`, `ref x`, `x @ ..`).
pub(crate) fn plain_name(pat: &Pat) -> Option<&Ident> {
    match pat {
        Pat::Ident(PatIdent { by_ref: None, subpat: None, ident, .. }) => Some(ident),
        _ => None,
    }
}

/// `__arg<index>`, made unique among the arguments' own `names`.
pub(crate) fn fresh_name(index: usize, names: &[&Ident], span: Span) -> Ident {
    let mut name = format!("__arg{index}");
    while names.iter().any(|n| **n == name) {
        name.push('_');
    }
    Ident::new(&name, span)
}

/// What keeps a type from travelling to the running orchestrator.
#[derive(Clone, Copy)]
enum Borrow<'a> {
    /// `&T`, `&mut T` (not `&'static T`).
    Reference(&'a syn::TypeReference),
    /// A lifetime other than `'static`: `Cow<'a, str>`, `Guard<'_>`.
    Lifetime(&'a Lifetime),
    /// `impl Trait`.
    Opaque(&'a syn::TypeImplTrait),
}

impl<'a> Borrow<'a> {
    /// The first one in `ty`, outermost first.
    fn find(ty: &'a Type) -> Option<Self> {
        let mut finder = Finder { found: None };
        finder.visit_type(ty);
        finder.found
    }

    /// Its tokens, for the error's span.
    fn node(self) -> TokenStream {
        match self {
            Borrow::Reference(reference) => reference.to_token_stream(),
            Borrow::Lifetime(lifetime) => lifetime.to_token_stream(),
            Borrow::Opaque(opaque) => opaque.to_token_stream(),
        }
    }

    /// Why it cannot travel, after "its parameter `x`".
    fn travels(self) -> &'static str {
        match self {
            Borrow::Opaque(_) => "is `impl Trait`, a type the client's method cannot name",
            _ => "borrows, and a call travels to the task that runs the orchestrator, so it owns what it carries",
        }
    }

    /// The owned type to take instead, in a `take ...` help, for the whole type `ty`.
    fn fix(self, ty: &Type) -> String {
        match self {
            Borrow::Reference(reference) => {
                let owned = owned(&reference.elem);
                if matches!(ty, Type::Reference(whole) if std::ptr::eq(whole, reference)) {
                    format!("take an owned `{owned}`")
                } else {
                    format!("take an owned `{owned}` in place of `{}`", text(reference))
                }
            }
            Borrow::Lifetime(lifetime) => {
                format!("take an owned type, or `'static` in place of `{}`", text(lifetime))
            }
            Borrow::Opaque(_) => "take a named type (a concrete type, or a `Box<dyn Trait + Send>`)".to_owned(),
        }
    }
}

/// The owned counterpart of the borrowed type `elem`: `String` for `str`, `Vec<T>` for `[T]`,
/// `PathBuf` for `Path`, ..., else `elem` itself.
fn owned(elem: &Type) -> String {
    match elem {
        Type::Slice(slice) => format!("Vec<{}>", text(&slice.elem)),
        Type::TraitObject(object) => format!("Box<{} + Send>", text(object)),
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            match last.as_str() {
                "str" => "String".to_owned(),
                "Path" => "PathBuf".to_owned(),
                "OsStr" => "OsString".to_owned(),
                "CStr" => "CString".to_owned(),
                _ => text(elem),
            }
        }
        _ => text(elem),
    }
}

/// Tokens as a user writes them (`Vec<u8>`, not `Vec < u8 >`).
fn text(node: &impl ToTokens) -> String {
    let text = node.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let drop_space = c == ' '
            && (matches!(next, Some('<' | '>' | ',' | '(' | ')' | ']' | ':' | ';'))
                || out.ends_with(['<', '(', '[', '&', ':', '\'']));
        if !drop_space {
            out.push(c);
        }
    }
    out.replace(",", ", ").replace(",  ", ", ").replace(";", "; ").replace(";  ", "; ")
}

/// Finds the first [`Borrow`] of a type.
struct Finder<'a> {
    found: Option<Borrow<'a>>,
}

impl<'a> Visit<'a> for Finder<'a> {
    fn visit_type(&mut self, node: &'a Type) {
        if self.found.is_none() {
            visit::visit_type(self, node);
        }
    }
    fn visit_type_reference(&mut self, node: &'a syn::TypeReference) {
        // `&'static T` borrows nothing that could end
        if node.lifetime.as_ref().is_some_and(|lifetime| lifetime.ident == "static") {
            self.visit_type(&node.elem);
        } else {
            self.found.get_or_insert(Borrow::Reference(node));
        }
    }
    fn visit_lifetime(&mut self, node: &'a Lifetime) {
        if node.ident != "static" {
            self.found.get_or_insert(Borrow::Lifetime(node));
        }
    }
    fn visit_type_impl_trait(&mut self, node: &'a syn::TypeImplTrait) {
        self.found.get_or_insert(Borrow::Opaque(node));
    }
    // a function pointer and `Fn(&str)` sugar bind their own lifetimes
    fn visit_type_fn_ptr(&mut self, _: &'a syn::TypeFnPtr) {}
    fn visit_parenthesized_generic_arguments(&mut self, _: &'a syn::ParenthesizedGenericArguments) {}
    fn visit_trait_bound(&mut self, node: &'a syn::TraitBound) {
        if node.lifetimes.is_none() {
            visit::visit_trait_bound(self, node);
        }
    }
}
