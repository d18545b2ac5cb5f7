//! `#[orchestrate(client)]`, `#[orchestrate(on_event)]`, `#[orchestrate(local)]` and
//! `#[component(emits(..))]` on `proc_macro2` tokens: which methods go where, the runtime entry
//! point each one calls, each misuse as exactly one error, and nothing generated without the
//! keys.

mod common;

use common::compile_errors as messages;
use orchestrator_codegen::{derive, orchestrate};
use proc_macro2::TokenStream;

/// The errors of `#[orchestrate(args)]` on `impl Shop { <methods> }`.
fn errors(args: &str, methods: &str) -> Vec<String> {
    let block = format!("impl Shop {{ {methods} }}");
    messages(orchestrate(args.parse().expect("args"), block.parse().expect("block")))
}

/// The expansion of `#[orchestrate(args)]` on `block`, which has no errors and parses, as text
/// without spaces.
fn expanded(args: &str, block: &str) -> String {
    let out = orchestrate(args.parse().expect("args"), block.parse().expect("block"));
    assert_eq!(messages(out.clone()), Vec::<String>::new(), "{block}");
    syn::parse2::<syn::File>(out.clone()).expect("the expansion parses");
    out.to_string().replace(' ', "")
}

/// The expansion of `#[orchestrate(client)]` on `impl Shop { <methods> }`.
fn client(methods: &str) -> String {
    expanded("client", &format!("impl Shop {{ {methods} }}"))
}

/// The one error of `#[orchestrate(args)]` on `impl Shop { <methods> }`.
fn one_error(args: &str, methods: &str) -> String {
    let e = errors(args, methods);
    assert_eq!(e.len(), 1, "{methods}: {e:?}");
    e.into_iter().next().unwrap_or_default()
}

#[test]
fn nothing_is_generated_without_the_keys() {
    let plain = expanded("", "impl Shop { pub fn a(&mut self, x: &str) {} fn b(&self) {} }");
    for word in ["__with_tokio", "Handles", "Client", "Calls", "Probe"] {
        assert!(!plain.contains(word), "{word} in {plain}");
    }
    // `local` alone changes nothing
    let local = expanded("", "impl Shop { #[orchestrate(local)] pub fn a(&mut self, x: &str) {} fn b(&self) {} }");
    assert_eq!(plain, local);
}

#[test]
fn each_kind_of_method_calls_its_entry_point() {
    let text = client(
        "pub fn a(&mut self, x: u32) -> u32 { x } pub fn b(&self) {} \
         pub async fn c(&mut self, s: String) -> Result<(), E> { Ok(()) } pub async fn d(&self) -> u8 { 0 } \
         pub fn e(self: &mut Self) {} pub fn f(self: &Self) {}",
    );
    assert!(text.contains("pub(crate)traitShopCalls{"), "{text}");
    assert!(text.contains("implShopCallsfor__private::Client<Shop>"), "{text}");
    assert!(text.contains("self.__immediate(\"a\",move|this:&mutShop|this.a(x))"), "{text}");
    assert!(text.contains("self.__immediate_shared(\"b\",move|this:&Shop|this.b())"), "{text}");
    assert!(
        text.contains("self.__exclusive(\"c\",move|this:&mutShop|->__private::BoxFuture<'_,Result<(),E>>{__private::Box::pin(this.c(s))})"),
        "{text}"
    );
    assert!(text.contains("self.__shared(\"d\",move|this:&Shop|->__private::BoxFuture<'_,u8>"), "{text}");
    assert!(text.contains("self.__immediate(\"e\""), "{text}");
    assert!(text.contains("self.__immediate_shared(\"f\""), "{text}");
    // the result of each: the method's own, inside the call's
    assert!(text.contains("fna(&self,x:u32)->impl::core::future::Future<Output=::core::result::Result<u32,"), "{text}");
    assert!(text.contains("fnb(&self,)->impl::core::future::Future<Output=::core::result::Result<(),"), "{text}");
    assert!(text.contains(">+::core::marker::Send;"), "{text}");
    assert!(
        text.contains("::orchestrator::__private_0_1_0::__with_tokio!(\"aclient(`#[orchestrate(client)]`)\","),
        "{text}"
    );
    assert!(text.contains("__private::Probe<Shop>"), "{text}");
}

#[test]
fn only_coordination_methods_are_in_the_client() {
    let text = client(
        "pub fn a(&self) {} fn private(&self) {} pub fn new() -> Self { todo!() } \
         #[orchestrate(local)] pub fn l(&self, s: &str) {} \
         #[orchestrate(on_event)] pub fn on(&mut self, e: Ev) {} pub(crate) fn c(&self) {}",
    );
    let calls: Vec<&str> = text.match_indices("self.__").map(|(at, _)| &text[at..at + 30]).collect();
    assert_eq!(calls.len(), 2, "{calls:?}");
    let client = &text[text.find("traitShopCalls").unwrap_or(0)..];
    assert!(client.contains("fna(&self,)") && client.contains("fnc(&self,)"), "{client}");
    for absent in ["fnprivate(", "fnnew(", "fnl(", "fnon(&self"] {
        assert!(!client.contains(absent), "{absent} in {client}");
    }
    // the public handler is still a guarded coordination method
    assert!(text.contains("fn__orchestrate_on"), "{text}");
}

#[test]
fn name_and_visibility_of_the_trait() {
    assert!(expanded("client = ShopApi", "impl Shop { pub fn a(&self) {} }").contains("pub(crate)traitShopApi{"));
    assert!(expanded("client = pub ShopApi", "impl Shop { pub fn a(&self) {} }").contains("pubtraitShopApi{"));
    let text = expanded("client = pub(super) Api, crate = ::orch", "impl Shop { pub fn a(&self) {} }");
    assert!(text.contains("pub(super)traitApi{"), "{text}");
    assert!(text.contains("use::orch::__private_0_1_0as__private;"), "{text}");
    assert!(text.contains("Output=::core::result::Result<(),::orch::__private_0_1_0::CallError>"), "{text}");
    // named after the last segment of the self type
    assert!(expanded("client", "impl crate::a::Store { pub fn a(&self) {} }").contains("traitStoreCalls{"));
}

#[test]
fn generic_blocks_and_self_in_signatures() {
    let text = expanded(
        "client",
        "impl<T: Clone> Shop<T> where T: Send { pub fn a(&mut self, t: T, s: Self::Item) -> Option<Self> { None } }",
    );
    assert!(text.contains("pub(crate)traitShopCalls<T:Clone>whereT:Send{"), "{text}");
    assert!(
        text.contains("impl<T:Clone>ShopCalls<T>for__private::Client<Shop<T>>whereT:Send,Shop<T>:'static{"),
        "{text}"
    );
    // in the trait, `Self` is the client: the self type is written out
    assert!(text.contains("s:Shop<T>::Item"), "{text}");
    assert!(text.contains("::core::result::Result<Option<Shop<T>>,"), "{text}");
    // a generic block has no compile-time check of being async (a `const` cannot name `T`)
    assert!(!text.contains("Probe"), "{text}");
}

#[test]
fn parameters_keep_their_names_or_get_fresh_ones() {
    let text = client("pub fn a(&mut self, (x, y): (u8, u8), mut v: Vec<u8>, this: u8, _: u8) {}");
    assert!(text.contains("fna(&self,__arg1:(u8,u8),v:Vec<u8>,this:u8,__arg4:u8)"), "{text}");
    assert!(text.contains("move|this_:&mutShop|this_.a(__arg1,v,this,__arg4)"), "{text}");
    let text = client("pub fn r#type(&self) -> u8 { 0 }");
    assert!(text.contains("fnr#type(&self,)") && text.contains("\"type\""), "{text}");
}

#[test]
fn docs_and_cfg_go_with_each_method() {
    let text = client("/// Adds.\n#[cfg(test)] #[inline] #[must_use] pub fn a(&self) -> u8 { 0 }");
    let decl = &text[text.find("traitShopCalls").unwrap_or(0)..];
    assert!(decl.starts_with("traitShopCalls{#[doc=\"Adds.\"]#[cfg(test)]fna("), "{decl}");
    assert!(text.contains("#[cfg(test)]fna(&self,)"), "{text}");
    assert!(!text.contains("#[inline]fna(&self") && !text.contains("#[must_use]fna(&self"), "{text}");
}

#[test]
fn what_cannot_travel_is_one_error_at_its_token() {
    let local = "or keep it out of the client with `#[orchestrate(local)]` on the method";
    for (method, says) in [
        ("pub fn a(&mut self, s: &str) {}", "its parameter `s` borrows"),
        ("pub fn a(&mut self, s: Vec<&str>) {}", "take an owned `String` in place of `&str`"),
        ("pub fn a(&mut self, s: &[u8]) {}", "take an owned `Vec<u8>`"),
        ("pub fn a(&mut self, p: &std::path::Path) {}", "take an owned `PathBuf`"),
        ("pub fn a(&mut self, d: &dyn Fn()) {}", "take an owned `Box<dyn Fn() + Send>`"),
        ("pub fn a(&mut self, c: Cow<'_, str>) {}", "`'static` in place of `'_`"),
        ("pub fn a(&self) -> &str { \"\" }", "its result borrows"),
        ("pub fn a(&self) -> Guard<'_> { todo!() }", "its result borrows"),
        ("pub fn a(&mut self, f: impl Fn()) {}", "its parameter `f` is `impl Trait`"),
        ("pub fn a(&self) -> impl Iterator<Item = u8> { todo!() }", "its result is `impl Trait`"),
        ("pub fn a<T>(&mut self, t: T) {}", "it is generic"),
        ("pub fn a<'a>(&'a self) {}", "it is generic"),
        ("pub fn a(self) {}", "take `&self` or `&mut self`"),
        ("pub fn a(self: Box<Self>) {}", "take `&self` or `&mut self`"),
        ("pub unsafe fn a(&self) {}", "it is `unsafe`"),
        ("pub fn restart(&self) {}", "`Client` has a method `restart` of its own"),
        ("pub fn is_running(&self) {}", "`Client` has a method `is_running` of its own"),
    ] {
        let e = one_error("client", method);
        assert!(e.contains(says) && e.ends_with(local), "{method}: {e}");
    }
    // owned types, `'static` and the higher-ranked lifetimes of function types travel
    for method in [
        "pub fn a(&mut self, s: String, v: Vec<Box<dyn Fn(&str) -> bool + Send>>) {}",
        "pub fn a(&mut self, s: &'static str, c: Cow<'static, str>) -> &'static str { s }",
        "pub fn a(&mut self, f: fn(&u8) -> &u8, g: Box<dyn for<'x> Tr<'x> + Send>) {}",
    ] {
        assert_eq!(errors("client", method), Vec::<String>::new(), "{method}");
    }
    // without `client`, nothing is checked
    assert_eq!(errors("", "pub fn a(&mut self, s: &str) -> &str { s } pub fn restart(self) {}"), Vec::<String>::new());
    // `local` keeps a method out of the client, and of its checks
    assert_eq!(
        errors("client", "#[orchestrate(local)] pub fn a<T>(self, s: &str) -> impl Tr {}"),
        Vec::<String>::new()
    );
}

#[test]
fn a_misused_method_keeps_a_stub_so_its_callers_get_no_second_error() {
    let out = orchestrate(
        "client".parse().expect("args"),
        "impl Shop { pub fn a<T: Into<u8>>(&mut self, t: T, s: &str) -> &str { s } pub fn b(&self) -> impl Tr { x } pub fn c(&self) {} }"
            .parse()
            .expect("block"),
    );
    // `a`: generic, a borrowed parameter, a borrowed result; `b`: an `impl Trait` result
    assert_eq!(messages(out.clone()).len(), 4);
    let text = out.to_string().replace(' ', "");
    // the stub keeps the method's generics; a stub of an `impl Trait` result cannot exist
    assert!(text.contains("fna<T:Into<u8>>(&self,t:T,s:&str)"), "{text}");
    assert!(text.contains("::core::future::pending()"), "{text}");
    assert!(!text[text.find("traitShopCalls").unwrap_or(0)..].contains("fnb("), "{text}");
    assert!(text.contains("self.__immediate_shared(\"c\""), "{text}");
    // no check of being async while the block has errors
    assert!(!text.contains("Probe"), "{text}");
}

#[test]
fn handlers_call_their_entry_point_and_record_a_result() {
    let text = expanded(
        "",
        "impl Shop { #[orchestrate(on_event)] fn a(&mut self, e: A) {} \
         #[orchestrate(on_event)] fn b(&self, e: B) -> Result<(), E> { Ok(()) } \
         #[orchestrate(on_event)] async fn c(&mut self, (x, y): C) -> Result<u8, E> { Ok(x) } \
         #[orchestrate(on_event)] async fn d(&self, _: D) {} }",
    );
    assert!(text.contains("impl__private::Handles<A>forShop{fn__sink(link:&__private::Link<Self>,_:usize)->__private::Sink<A>{link.__immediate(\"a\",|this:&mutSelf,event:A|this.a(event))}}"), "{text}");
    assert!(text.contains("link.__immediate_shared(\"b\",|this:&Self,event:B|__private::HandlerOutcome::record(this.b(event),\"Shop\",\"b\"))"), "{text}");
    assert!(text.contains("link.__exclusive(\"c\",|this:&mutSelf,event:C|->__private::BoxFuture<'_,()>{__private::Box::pin(asyncmove{__private::HandlerOutcome::record(this.c(event).await,\"Shop\",\"c\")})})"), "{text}");
    assert!(
        text.contains(
            "link.__shared(\"d\",|this:&Self,event:D|->__private::BoxFuture<'_,()>{__private::Box::pin(this.d(event))})"
        ),
        "{text}"
    );
    assert!(
        text.contains("__with_tokio!(\"anevent handler(`#[orchestrate(on_event)]`)\"")
            || text.contains("__with_tokio!(\"aneventhandler(`#[orchestrate(on_event)]`)\""),
        "{text}"
    );
    // no client without `client`
    assert!(!text.contains("Calls"), "{text}");
    // the handlers' own signature is a contract: clippy's lints about it are spared
    assert!(text.contains("#[allow(clippy::needless_pass_by_value,clippy::unnecessary_wraps,clippy::unused_self,clippy::unused_async)]fna("), "{text}");
}

#[test]
fn handlers_are_checked_by_the_rules_even_when_private() {
    let e = one_error("", "#[orchestrate(on_event)] fn on(&mut self, e: Ev) { for x in e.items { self.a.b(x); } }");
    assert!(e.starts_with("business_logic: `for` loop in coordination method `on`"), "{e}");
    assert_eq!(
        errors("", "#[orchestrate(on_event, allow(business_logic))] fn on(&mut self, e: Ev) { for x in y {} }"),
        Vec::<String>::new()
    );
    let e = one_error(
        "",
        "#[orchestrate(on_event)] fn on(&mut self, e: Ev) { self.helper() } fn helper(&self) { self.a.b() }",
    );
    assert!(e.starts_with("hidden_coordination:"), "{e}");
    // an ordinary private method is no coordination method
    assert_eq!(errors("", "fn on(&mut self, e: Ev) { for x in e.items { self.a.b(x); } }"), Vec::<String>::new());
}

#[test]
fn a_handler_of_the_wrong_shape_is_one_error() {
    for (method, says) in [
        ("#[orchestrate(on_event)] fn on(&mut self) {}", "it takes no event"),
        ("#[orchestrate(on_event)] fn on(e: Ev) {}", "it has no `self`"),
        ("#[orchestrate(on_event)] fn on(&mut self, e: Ev, f: u8) {}", "it takes more than the event"),
        ("#[orchestrate(on_event)] fn on(&mut self, e: &Ev) {}", "its event borrows"),
        ("#[orchestrate(on_event)] fn on(&mut self, e: Ev<'_>) {}", "its event borrows"),
        ("#[orchestrate(on_event)] fn on(&mut self, e: impl Tr) {}", "its event is `impl Trait`"),
        ("#[orchestrate(on_event)] fn on(self, e: Ev) {}", "take `&self` or `&mut self`"),
        ("#[orchestrate(on_event)] fn on(self: Arc<Self>, e: Ev) {}", "take `&self` or `&mut self`"),
        ("#[orchestrate(on_event)] fn on<T>(&mut self, e: T) {}", "it is generic"),
        ("#[orchestrate(on_event)] fn on(&mut self, e: Ev) -> u8 { 0 }", "it returns a value"),
        ("#[orchestrate(on_event)] unsafe fn on(&mut self, e: Ev) {}", "it is `unsafe`"),
        (
            "#[orchestrate(on_event)] fn on(&mut self, e: Ev) {} #[orchestrate(on_event)] fn again(&self, e: Ev) {}",
            "two event handlers of `Shop` take `Ev`: `on` and `again`",
        ),
        ("#[orchestrate(on_event, local)] fn on(&mut self, e: Ev) {}", "`on` is an event handler"),
        ("#[orchestrate(local)] fn helper(&mut self) {}", "`helper` is no coordination method"),
        ("#[orchestrate(on_event)] #[orchestrate(on_event)] fn on(&mut self, e: Ev) {}", "`on_event` is given twice"),
        ("#[orchestrate(on_event = 1)] fn on(&mut self, e: Ev) {}", "`on_event` takes no value"),
        ("#[orchestrate(local(x))] pub fn a(&self) {}", "`local` takes no value"),
        ("#[orchestrate(client)] pub fn a(&self) {}", "`client` does not go on a method"),
        ("#[orchestrate(crate = x)] pub fn a(&self) {}", "`crate` does not go on a method"),
        ("#[orchestrate(on_evnt)] fn on(&mut self, e: Ev) {}", "did you mean `on_event`?"),
    ] {
        let e = one_error("", method);
        assert!(e.contains(says), "{method}: {e}");
    }
    // the result may be `()` written out, or any `Result`
    for method in [
        "#[orchestrate(on_event)] fn on(&mut self, e: Ev) -> () {}",
        "#[orchestrate(on_event)] fn on(&mut self, e: Ev) -> io::Result<()> { Ok(()) }",
        "#[orchestrate(on_event)] fn on(&mut self, Ev { x }: Ev) {}",
        "#[orchestrate(on_event)] fn on(&mut self, e: Vec<Box<dyn Fn(&str) + Send>>) {}",
    ] {
        assert_eq!(errors("", method), Vec::<String>::new(), "{method}");
    }
}

#[test]
fn block_arguments_are_checked() {
    for (args, says) in [
        ("client, client", "`client` is given twice"),
        ("client = 3", "`client` takes the name of the client trait"),
        ("client = pub", "`client` takes the name of the client trait"),
        ("client(X)", "`client` takes no list"),
        ("on_event", "`on_event` does not go on the impl block"),
        ("local", "`local` does not go on the impl block"),
        ("clinet", "did you mean `client`?"),
        ("allow = x", "`allow` is not written this way. help: write `allow(business_logic)`"),
        ("crate(x)", "`crate` is not written this way. help: write `crate = ::my_orchestrator`"),
        ("crate = \"x\"", "`crate` expects a path"),
    ] {
        let e = one_error(args, "pub fn a(&self) {}");
        assert!(e.contains(says), "{args}: {e}");
    }
}

#[test]
fn with_errors_the_handlers_keep_an_impl_that_compiles() {
    let out = orchestrate(
        TokenStream::new(),
        "impl Shop { #[orchestrate(on_event)] fn on(&mut self, e: Ev) { for x in y {} } \
         #[orchestrate(on_event)] fn bad(&mut self, e: &Ev2) {} #[orchestrate(on_event)] fn none(&mut self) {} }"
            .parse()
            .expect("block"),
    );
    assert_eq!(messages(out.clone()).len(), 3);
    let text = out.to_string().replace(' ', "");
    // the valid handler's impl is whole; one that cannot be written (a borrowed event, none) is left out
    assert!(text.contains("impl__private::Handles<Ev>forShop"), "{text}");
    assert!(text.contains("link.__immediate(\"on\",|this:&mutSelf,event:Ev|this.on(event))"), "{text}");
    assert_eq!(text.matches("Handles<").count(), 1, "{text}");
}

/// The errors and the expansion of the derive on `struct`.
fn derived(source: &str) -> (Vec<String>, String) {
    let out = derive(source.parse().expect("struct"));
    (messages(out.clone()), out.to_string().replace(' ', ""))
}

#[test]
fn emits_connects_each_event_of_each_component_in_initialization_order() {
    let (e, text) = derived(
        "#[orchestrator(async)] struct Jobs { #[component(after(b), emits(Done, Fault))] a: A, \
         #[component] b: B, #[component(emits(path::Tick<u8>))] c: C, lifecycle: Lifecycle }",
    );
    assert_eq!(e, Vec::<String>::new());
    assert!(text.contains("__private::__with_tokio!(\"`emits(..)`\",constEMITS:bool=true;fnconnect(&self,link:&__private::Link<Self>){"), "{text}");
    // `a` comes after `b`: index 1 in initialization order
    assert!(
        text.contains(
            "__private::Emits::<Done>::events(&self.a).__connect(<Selfas__private::Handles<Done>>::__sink(link,1));"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "__private::Emits::<Fault>::events(&self.a).__connect(<Selfas__private::Handles<Fault>>::__sink(link,1));"
        ),
        "{text}"
    );
    assert!(text.contains("__private::Emits::<path::Tick<u8>>::events(&self.c).__connect(<Selfas__private::Handles<path::Tick<u8>>>::__sink(link,2));"), "{text}");
    // without `emits`, nothing
    let (_, plain) =
        derived("#[orchestrator(async)] struct Jobs { #[component] a: A, #[component] b: B, lifecycle: Lifecycle }");
    assert!(!plain.contains("EMITS") && !plain.contains("__with_tokio"), "{plain}");
}

#[test]
fn emits_misuse_is_one_error_at_its_token() {
    for (component, says) in [
        ("#[component(emits())]", "`emits()` lists no event type"),
        ("#[component(emits(Done, Done))]", "`Done` is listed twice in `emits` of `a`"),
        ("#[component(emits = Done)]", "`emits` lists the types of the events the component raises"),
        ("#[component(emits(1))]", "`emits` lists event types"),
        ("#[component(emits(A), emits(B))]", "`emits` is given twice"),
        ("#[component(emit(A))]", "did you mean `emits`?"),
    ] {
        let (e, _) = derived(&format!(
            "#[orchestrator(async)] struct Jobs {{ {component} a: A, #[component] b: B, lifecycle: Lifecycle }}"
        ));
        assert_eq!(e.len(), 1, "{component}: {e:?}");
        assert!(e[0].contains(says), "{component}: {e:?}");
    }
    let (e, text) = derived("struct Jobs { #[component(emits(Done))] a: A, #[component] b: B, lifecycle: Lifecycle }");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("`emits` on `a` needs an async orchestrator")
            && e[0].contains("add `#[orchestrator(async)]` to `Jobs`"),
        "{e:?}"
    );
    assert!(!text.contains("connect"), "{text}");
}
