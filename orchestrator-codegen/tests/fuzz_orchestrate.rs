//! Fuzz-style property test of `#[orchestrate]`: random impl blocks (names, visibility,
//! receivers, bodies of loops, arithmetic, matches, `if` chains, I/O paths, component and
//! helper calls, `async`, event handlers) under random attribute arguments (`client` among
//! them), garbage included. The expansion
//! never panics and always parses as Rust items.
//!
//! A small xorshift generator with fixed seeds keeps it deterministic and dependency-free;
//! `ORCHESTRATE_FUZZ_CASES` sets the number of cases (default 10,000, about 11 s in a debug build).

mod common;

use common::rng::Rng;
use orchestrator_codegen::orchestrate as expand;
use proc_macro2::TokenStream;

const NAMES: &[&str] = &["process", "run", "r#type", "steps", "wire", "new", "helper", "a", "b_2", "__x"];
const VIS: &[&str] = &["pub ", "", "pub(crate) ", "pub(super) ", "pub(in crate::m) "];
const RECEIVERS: &[&str] = &[
    "&self",
    "&mut self",
    "self",
    "mut self",
    "self: Box<Self>",
    "mut self: Box<Self>",
    "self: &Self",
    "self: std::pin::Pin<&mut Self>",
    "&'a self",
    "",
];
const ARGS: &[&str] = &["", ", x: u32", ", (a, b): (u8, u8)", ", mut v: Vec<u8>", ", f: impl Fn() -> u8", ", _: T"];
const RETURNS: &[&str] = &[
    "",
    " -> u32",
    " -> Result<u32, E>",
    " -> io::Result<()>",
    " -> std::result::Result<(), Box<dyn Error>>",
    " -> &u8",
    " -> impl Iterator<Item = u8> + '_",
    " -> Self",
    " -> Result",
];
const ATTRS: &[&str] = &[
    "",
    "#[doc = \"x\"] ",
    "#[inline] ",
    "#[must_use] ",
    "#[orchestrate(allow(business_logic))] ",
    "#[orchestrate(allow(too_long))] ",
    "#[orchestrate(allow(nope))] ",
    "#[orchestrate = 3] ",
    "#[orchestrate] ",
    "#[orchestrate(allow())] ",
    "#[orchestrate(crate = x)] ",
    "#[cfg(test)] ",
    "#[cfg(all(unix, test))] ",
    "#[cfg(not(test))] ",
    "#[cfg] ",
    "#[track_caller] ",
    "#[orchestrate(on_event)] ",
    "#[orchestrate(on_event)] ",
    "#[orchestrate(local)] ",
    "#[orchestrate(on_event, local)] ",
    "#[orchestrate(on_event = 1)] ",
    "#[orchestrate(client)] ",
];
const STATEMENTS: &[&str] = &[
    "for x in y { self.a.b(x); }",
    "while c { }",
    "loop { break; }",
    "let t = a + b * c - d / e % f;",
    "self.n += 1; self.n -= 1; self.n *= 2; self.n /= 2; self.n %= 2;",
    "match v { 0 => {}, 1 => {}, 2 => {}, 3 => {}, _ => {} }",
    "match v { 0 => {}, 1 => {}, 2 => {}, _ => {} }",
    "if a { } else if b { } else if c { } else if d { } else { }",
    "if a { } else if b { } else { }",
    "let s = std::fs::read_to_string(p)?;",
    "use std::net::{TcpStream, UdpSocket as U};",
    "use tokio::process::*;",
    "let f = File::open(p);",
    "let c: Command = x;",
    "self.validator.validate(x)?;",
    "self.helper();",
    "Self::steps(self);",
    "let g = || { for i in 0..3 {} };",
    "fn nested() -> u8 { 1 + 1 }",
    "println!(\"{}\", a + b);",
    "vec![0; n];",
    "async { loop {} }.await;",
    "return Ok(());",
    "let x = -y;",
    "unsafe { f() };",
    "macro_rules! m { () => {} }",
    "let Some(x) = y else { return; };",
    "x?.await;",
    "macro_rules! m { ($e:expr) => { $e * 2 }; ($($x:tt),*) => {{ $( $x + )* 0 }}; () => $; }",
    "macro_rules! g { ($($a:tt)*) => { $($a)* } } g!(for x in y {});",
    "tracing::info!(%a, ?b, c = %d, target: \"t\", \"{}\", f::<A, B>(x) * 2);",
    "m!(%, ?, =, =>, :, x = , => y, a: :b, $, ;;);",
    "let m = matches!(x, Some(n) | None if n << 1 > 2);",
    "tokio::select! { v = a => b * 2, _ = c => {} }",
    "let a: [u8; 4 * 2] = [0; N << 1]; const K: u8 = 1 ^ 2; let s = stringify!(a + b);",
    "let b = x & y | z ^ w; let c = (a == b) & !d; r <<= 1;",
    "use std::fs as f; f::read(p);",
    "use std::{net::{self, TcpStream as T}, process::*}; T::connect(a); Command::new(x);",
    "use net::*; use s::fs; use fs::*; use std as s; use s::fs::{self}; read(p); Some(x);",
    "use a::b as a; use b::a as b; a::x(); b::y();",
    "let ip = std::net::Ipv4Addr::LOCALHOST; std::io::stdin(); tokio::io::stdout();",
    "let _ = (h, 80).to_socket_addrs();",
    "Shop::helper(self); <Self>::steps(self); (*self).helper(); (&mut *self).steps();",
    "Store::put(&mut self.store, 1);",
];
const BLOCK_ARGS: &[&str] = &[
    "",
    "allow(business_logic)",
    "allow(business_logic, direct_io, complex_conditional, hidden_coordination, too_long)",
    "allow(bussiness_logic)",
    "allow(too_many_components)",
    "allow(nested_orchestrator)",
    "allow(a::b)",
    "allow",
    "allow = 1",
    "alow(x)",
    "crate = ::orchestrator",
    "crate = \"orchestrator\"",
    "crate = a, crate = b",
    "5, 6",
    "allow(business_logic),",
    "#",
    "(",
    "client",
    "client",
    "client = ShopApi",
    "client = pub ShopApi, allow(business_logic)",
    "client = pub(crate) X, crate = ::orchestrator",
    "client(x)",
    "client = 1",
    "client = pub",
    "client, client",
    "on_event",
];
const HEADERS: &[&str] = &[
    "impl Shop",
    "impl<'a> Shop<'a>",
    "impl<T: Clone, const N: usize> Shop<T, N> where T: Default",
    "impl Default for Shop",
    "unsafe impl Shop",
    "impl crate::m::Shop",
];

fn method(rng: &mut Rng) -> String {
    let attr = rng.pick(ATTRS);
    let vis = rng.pick(VIS);
    let asyncness = if rng.below(4) == 0 { "async " } else { "" };
    let constness = if rng.below(20) == 0 { "const " } else { "" };
    let unsafety = if rng.below(20) == 0 { "unsafe " } else { "" };
    let name = rng.pick(NAMES);
    let generics = if rng.below(5) == 0 { "<T: Into<u32>, const K: usize>" } else { "" };
    let receiver = rng.pick(RECEIVERS);
    let args = rng.pick(ARGS);
    let args = if receiver.is_empty() { args.trim_start_matches(", ") } else { args };
    let output = rng.pick(RETURNS);
    let body: Vec<&str> = (0..rng.below(5)).map(|_| rng.pick(STATEMENTS)).collect();
    format!(
        "{attr}{vis}{constness}{asyncness}{unsafety}fn {name}{generics}({receiver}{args}){output} {{ {} }}",
        body.join(" ")
    )
}

fn block(rng: &mut Rng) -> String {
    let methods: Vec<String> = (0..rng.below(6)).map(|_| method(rng)).collect();
    let extra = if rng.below(5) == 0 { "const K: u8 = 1; type T = u8;" } else { "" };
    format!("{} {{ {extra} {} }}", rng.pick(HEADERS), methods.join(" "))
}

#[test]
fn expand_never_panics_and_always_parses() {
    let cases: u64 = std::env::var("ORCHESTRATE_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..cases {
        let source = block(&mut rng);
        let args_source = rng.pick(BLOCK_ARGS);
        let (Ok(input), Ok(args)) = (source.parse::<TokenStream>(), args_source.parse::<TokenStream>()) else {
            continue;
        };
        let output = std::panic::catch_unwind(|| expand(args, input))
            .unwrap_or_else(|_| panic!("case {case}: expand panicked on #[orchestrate({args_source})] {source}"));
        if let Err(error) = syn::parse2::<syn::File>(output.clone()) {
            panic!(
                "case {case}: the output does not parse ({error}):\n#[orchestrate({args_source})] {source}\n=> {output}"
            );
        }
    }
}

#[test]
fn garbage_input_never_panics() {
    for input in ["", "fn", "impl", "struct S;", "impl S {", "}", "mod m {}", "1 + 1", "#[x]"] {
        if let Ok(input) = input.parse::<TokenStream>() {
            let _ = expand(TokenStream::new(), input);
        }
    }
}
