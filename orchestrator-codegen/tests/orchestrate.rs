//! `#[orchestrate]` on `proc_macro2` tokens: each rule fires exactly on its violation, and the
//! shape of the expansion.

mod common;

use common::compile_errors as messages;
use orchestrator_codegen::orchestrate as expand;
use proc_macro2::TokenStream;

/// The errors of `#[orchestrate(args)]` on `block`.
fn errors(args: &str, block: &str) -> Vec<String> {
    messages(expand(args.parse().expect("args"), block.parse().expect("block")))
}

/// The errors of `#[orchestrate]` on `impl Shop { <methods> }`.
fn check(methods: &str) -> Vec<String> {
    errors("", &format!("impl Shop {{ {methods} }}"))
}

/// The expansion of `#[orchestrate]` on `block`, which has no errors and parses, as text.
fn expanded(block: &str) -> String {
    let out = expand(TokenStream::new(), block.parse().expect("block"));
    assert_eq!(messages(out.clone()), Vec::<String>::new(), "{block}");
    syn::parse2::<syn::File>(out.clone()).expect("the expansion parses");
    out.to_string()
}

fn rules_of(errors: &[String]) -> Vec<&str> {
    errors.iter().map(|e| e.split(':').next().unwrap_or_default()).collect()
}

#[test]
fn clean_block_expands_without_errors() {
    let text = expanded(
        "impl Shop { pub fn buy(&mut self, x: u8) -> Result<u8, E> { let v = self.a.check(x)?; self.b.pay(v) } fn wire(&mut self) {} }",
    );
    assert!(text.contains("fn __orchestrate_buy"), "{text}");
    assert!(text.contains("__coordinate ! (result , Self , \"buy\" , self ,"), "{text}");
    assert!(text.contains("__assert_parts"), "{text}");
}

#[test]
fn business_logic_loops_and_arithmetic() {
    let e = check("pub fn a(&self) { for x in y {} } pub fn b(&self) { while c {} } pub fn c(&self) { loop {} }");
    assert_eq!(rules_of(&e), ["business_logic"; 3]);
    assert!(e[0].contains("`for` loop in coordination method `a`"), "{}", e[0]);
    assert!(e[0].contains("help: move the loop into a component method, or #[orchestrate(allow(business_logic))]"));
    let e = check(
        "pub fn a(&mut self) { let t = a + b; let u = a - b; t * u / 2 % 3; self.n += 1; self.n -= 1; self.n *= 2; self.n /= 2; self.n %= 2; }",
    );
    assert_eq!(e.len(), 10, "{e:#?}");
    assert!(e[0].contains("arithmetic `+`"), "{}", e[0]);
    assert!(e[5].contains("compound assignment `+=`"), "{}", e[5]);
}

#[test]
fn business_logic_near_misses() {
    // In a private method, in comparisons, ranges, negation: not reported.
    assert!(check("fn helper(&self) -> i32 { a - b } pub fn a(&self) -> bool { x < y && -z == w }").is_empty());
    // An associated fn without `self` is not a coordination method.
    assert!(check("pub fn new() -> Self { for i in 0..3 {} Self }").is_empty());
    assert!(check("pub(crate) fn new() -> Self { for i in 0..3 {} Self }").is_empty());
}

#[test]
fn every_method_visible_outside_the_block_is_a_coordination_method() {
    for vis in ["pub", "pub(crate)", "pub(super)", "pub(in crate::shop)"] {
        let e = check(&format!("{vis} fn a(&self) {{ for x in y {{}} }}"));
        assert_eq!(rules_of(&e), ["business_logic"], "{vis}");
        // ... and is guarded.
        let text = expanded(&format!("impl Shop {{ {vis} fn a(&self) {{}} }}"));
        assert!(text.contains("__coordinate ! (plain , Self , \"a\" , self ,"), "{vis}: {text}");
    }
    // `pub(self)` is private: not checked, not guarded, and a step `hidden_coordination` sees.
    assert!(check("pub(self) fn a(&self) { for x in y {} }").is_empty());
    assert!(!expanded("impl Shop { pub(self) fn a(&self) {} }").contains("__coordinate"));
    let e = check("pub fn run(&mut self) { self.steps() } pub(self) fn steps(&mut self) { self.a.go() }");
    assert_eq!(rules_of(&e), ["hidden_coordination"]);
    // A `pub(crate)` method called by another coordination method hides nothing.
    assert!(check("pub fn run(&mut self) { self.steps() } pub(crate) fn steps(&mut self) { self.a.go() }").is_empty());
    let e = check("pub(crate) const fn a(&self) -> u8 { 1 }");
    assert!(e[0].contains("cannot be `const fn`"), "{e:#?}");
}

#[test]
fn test_only_code_is_not_checked() {
    assert!(check("#[cfg(test)] pub fn a(&self) { for x in y {} std::fs::read(p); }").is_empty());
    assert!(check("#[cfg(all(unix, test))] pub fn a(&self) { for x in y {} }").is_empty());
    // Not test-only: `not(test)`, `any(test, ..)`, another cfg.
    for cfg in ["not(test)", "any(test, unix)", "unix"] {
        assert_eq!(check(&format!("#[cfg({cfg})] pub fn a(&self) {{ for x in y {{}} }}")).len(), 1, "{cfg}");
    }
    // Still guarded: the readiness check holds in tests too.
    let text = expanded("impl Shop { #[cfg(test)] pub fn a(&self) { for x in y {} } }");
    assert!(text.contains("__orchestrate_a"), "{text}");
}

#[test]
fn business_logic_counts_closures_nested_fns_and_macros() {
    assert_eq!(check("pub fn a(&self) { let f = || { for x in y {} }; }").len(), 1);
    assert_eq!(check("pub fn a(&self) { fn inner() -> u8 { 1 + 2 } }").len(), 1);
    assert_eq!(check("pub fn a(&self) { println!(\"{}\", a * b); }").len(), 1);
    assert_eq!(check("pub async fn a(&self) { async { loop {} }.await }").len(), 1);
}

#[test]
fn business_logic_skips_compile_time_code_and_unevaluated_macro_arguments() {
    for body in [
        "let s = stringify!(a + b);",
        "let s = concat!(\"a\", 1); let t = include_str!(\"x\"); let e = env!(\"A\");",
        "let a: [u8; 4 * 2] = self.a.bytes();",
        "let n = std::mem::size_of::<[u8; 2 * 4]>();",
        "let v = self.a.f::<{ N * 2 }>();",
        "let z = [0u8; N * 2];",
        "const K: usize = 4 * 2; static S: u8 = 1 << 1;",
        "let k = const { 1 << 3 };",
        "enum E { A = 1 << 2 }",
        "let m = matches!(x, 1..=3 | 5);",
        "let m = matches!(x, Some(A | B) if y);",
    ] {
        let e = check(&format!("pub fn a(&self) {{ {body} }}"));
        assert!(e.is_empty(), "{body}: {e:#?}");
    }
}

#[test]
fn business_logic_reads_the_macro_arguments_that_run() {
    for (body, count) in [
        ("format!(\"{}\", a * b);", 1),
        ("assert!(a % 2 == 0, \"{}\", b - 1);", 2),
        ("vec![a * 2];", 1),
        ("vec![0; n * 2];", 1),
        ("tracing::info!(a * b + 1);", 2),
        ("tracing::info!(%a, \"{}\", a * b + 1);", 2),
        ("tracing::info!(?a, field = %b, \"{}\", a - 1);", 1),
        ("tracing::info!(target: \"t\", n = a + 1, m = ?(b * 2));", 2),
        ("tracing::info!(%a, \"{}\", f::<A, B>(x) * 2);", 1),
        ("let m = matches!(x, Some(n) if n * 2 > 3);", 1),
        ("tokio::select! { v = self.a.next() => self.b.put(v * 2), }", 1),
    ] {
        let e = check(&format!("pub fn a(&self) {{ {body} }}"));
        assert_eq!(rules_of(&e), vec!["business_logic"; count], "{body}: {e:#?}");
    }
}

#[test]
fn business_logic_checks_the_macro_rules_of_the_method() {
    let e = check("pub fn a(&self, x: u32) -> u32 { macro_rules! double { ($e:expr) => { $e * 2 }; } double!(x) }");
    assert_eq!(rules_of(&e), ["business_logic"], "{e:#?}");
    assert!(e[0].contains("arithmetic `*`"), "{}", e[0]);
    let e = check(
        "pub fn a(&self) { macro_rules! spin { ($($x:expr),*) => {{ $( loop { self.a.go($x); } )* }}; } spin!(1); }",
    );
    assert_eq!(rules_of(&e), ["business_logic"], "{e:#?}");
    // A repetition is not a loop; a macro that only delegates is fine.
    assert!(
        check("pub fn a(&self) { macro_rules! each { ($($x:expr),*) => { $( self.a.go($x); )* }; } each!(1, 2); }")
            .is_empty()
    );
}

#[test]
fn business_logic_bit_operations() {
    for op in ["a << 2", "a >> 1", "a ^ b", "a & MASK", "a | FLAG"] {
        let e = check(&format!("pub fn a(&self) -> u32 {{ {op} }}"));
        assert_eq!(rules_of(&e), ["business_logic"], "{op}");
        assert!(e[0].contains("bit operation"), "{}", e[0]);
    }
    for op in ["x <<= 1", "x >>= 1", "x ^= m", "x &= m", "x |= m"] {
        let e = check(&format!("pub fn a(&self) {{ {op}; }}"));
        assert_eq!(rules_of(&e), ["business_logic"], "{op}");
        assert!(e[0].contains("compound assignment"), "{}", e[0]);
    }
    // References, closures, `||`, `&&` and `& | ^` between plain booleans are not bit operations.
    for body in [
        "let r = &a; let m = &mut b; let f = |x: u8| x; let g = || 1;",
        "let c = a || b && !c;",
        "let d = (a == b) | (c < d); let e = done & !failed; let f = true ^ x;",
        "let mut ok = true; ok &= self.a.is_ready(); ok |= x != y;",
        "if let Some(1 | 2) = x {}",
    ] {
        let e = check(&format!("pub fn a(&self) {{ {body} }}"));
        assert!(e.is_empty(), "{body}: {e:#?}");
    }
}

#[test]
fn every_receiver_is_a_coordination_method() {
    for receiver in ["&self", "&mut self", "self", "mut self", "self: Box<Self>", "mut self: Box<Self>", "self: &Self"]
    {
        let e = check(&format!("pub fn a({receiver}) {{ a + b; }}"));
        assert_eq!(e.len(), 1, "{receiver}");
    }
}

#[test]
fn complex_conditional_boundaries() {
    let arms = |n: usize| (0..n).map(|i| format!("{i} => self.a.x(),")).collect::<String>();
    assert!(check(&format!("pub fn a(&self) {{ match v {{ {} }} }}", arms(4))).is_empty());
    let e = check(&format!("pub fn a(&self) {{ match v {{ {} }} }}", arms(5)));
    assert_eq!(rules_of(&e), ["complex_conditional"]);
    assert!(e[0].contains("`match` with 5 arms"), "{}", e[0]);
    // if / else if / else if / else: 4 branches.
    let four = "if a { x() } else if b { y() } else if c { z() } else { w() }";
    assert!(check(&format!("pub fn a(&self) {{ {four} }}")).is_empty());
    let five = "if a { x() } else if b { y() } else if c { z() } else if d { v() } else { w() }";
    let e = check(&format!("pub fn a(&self) {{ {five} }}"));
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].contains("`if` chain with 5 branches"), "{}", e[0]);
    // Five `if`s in sequence are five conditionals of 1 branch each.
    assert!(check("pub fn a(&self) { if a {} if b {} if c {} if d {} if e {} }").is_empty());
    // Private methods may branch.
    assert!(check(&format!("fn a(&self) {{ {five} }}")).is_empty());
}

#[test]
fn direct_io_paths_uses_and_types() {
    let e = check(
        "pub fn a(&self) { let s = std::fs::read_to_string(p); } \
         pub fn b(&self) { use std::net::TcpStream; } \
         pub fn c(&self) { let f = File::open(p); } \
         pub fn d(&self) { let c: std::process::Command = x; } \
         pub async fn e(&self) { tokio::fs::write(p, d).await; } \
         pub fn f(&self) { use std::{process, fs::*}; }",
    );
    assert_eq!(rules_of(&e), ["direct_io"; 6], "{e:#?}");
    assert!(e[0].contains("`std::fs::read_to_string` in coordination method `a`"), "{}", e[0]);
    assert!(e[1].contains("`use std::net::TcpStream` in coordination method `b`"), "{}", e[1]);
    assert!(e[5].contains("`use std::fs::*`"), "{}", e[5]);
    // Near misses: a field named `file`, `std::fmt`, I/O in a private method.
    assert!(
        check("pub fn a(&self) { self.file.read(); std::fmt::format(x); } fn b(&self) { std::fs::read(p); }")
            .is_empty()
    );
}

#[test]
fn direct_io_value_types_and_domain_names_are_not_io() {
    for body in [
        "match c { Command::Start => self.a.go(), Command::Stop => self.b.go() }",
        "let c: Command = Command::Start;",
        "let ip = std::net::Ipv4Addr::LOCALHOST; let a: std::net::SocketAddr = x;",
        "let ip = net::Ipv4Addr::LOCALHOST; use std::net::{IpAddr, Ipv6Addr};",
        "let code = std::process::ExitCode::SUCCESS; let s = std::process::Stdio::null();",
        "let e: std::io::Error = x; let k = io::ErrorKind::Other; let r: io::Result<()> = Ok(());",
        "use crate::docs::File; let f = File::open(x);",
        "use std::process::*; let code = ExitCode::SUCCESS; let v = Some(1);",
        "use net::*; use io::*; let v = Some(Ipv4Addr::LOCALHOST); let e: Error = x;",
        "let s = stringify!(std::fs::read(p)); let t = include_str!(\"orders.csv\");",
        "let f = self.file.open(); let fs = self.fs.read();",
    ] {
        let e = check(&format!("pub fn a(&self) {{ {body} }}"));
        assert!(e.is_empty(), "{body}: {e:#?}");
    }
}

#[test]
fn direct_io_one_error_per_use_and_its_paths() {
    let e = check("pub fn a(&self) { use std::fs; fs::write(p, d); fs::read(p); }");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].contains("`use std::fs` (used as `fs::write`, `fs::read`) in coordination method `a`"), "{}", e[0]);
    // A `use` after its use is still the one error.
    assert_eq!(check("pub fn a(&self) { fs::write(p, d); use std::fs; }").len(), 1);
    // A glob of a module that is all I/O is the one error; its names are not reported again.
    let e = check("pub fn a(&self) { use fs::*; let t = read_to_string(p); let v = Some(t); }");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].contains("`use fs::*` in coordination method `a`"), "{}", e[0]);
    // Two methods, two errors.
    assert_eq!(
        check("pub fn a(&self) { use std::fs; fs::read(p); } pub fn b(&self) { use std::fs; fs::read(p); }").len(),
        2
    );
    // Without a `use`, each path is its own error.
    assert_eq!(check("pub fn a(&self) { std::fs::read(p); std::fs::write(p, d); }").len(), 2);
}

#[test]
fn direct_io_follows_renames_and_imported_functions() {
    for (body, found) in [
        ("use std::fs as f; f::read_to_string(p);", "`use std::fs as f` (used as `f::read_to_string`)"),
        ("use std::fs::read_to_string; read_to_string(p);", "`use std::fs::read_to_string` (used as `read_to_string`)"),
        (
            "use std::net::TcpStream as Conn; Conn::connect(a);",
            "`use std::net::TcpStream as Conn` (used as `Conn::connect`)",
        ),
        (
            "use std::process::Command as Cmd; Cmd::new(\"ls\");",
            "`use std::process::Command as Cmd` (used as `Cmd::new`)",
        ),
        ("use std::process::Command; Command::new(\"ls\");", "`use std::process::Command` (used as `Command::new`)"),
        (
            "use tokio::process::Command; Command::new(\"ls\");",
            "`use tokio::process::Command` (used as `Command::new`)",
        ),
        ("use std::fs::{self}; fs::read(p);", "`use std::fs` (used as `fs::read`)"),
        ("use std as s; s::fs::read(p);", "`s::fs::read` (`std::fs::read`)"),
        ("use std::net; net::TcpStream::connect(a);", "`net::TcpStream::connect` (`std::net::TcpStream::connect`)"),
        ("use std::process::*; Command::new(\"ls\");", "`Command::new` (`std::process::Command::new`)"),
        ("std::io::stdin().read_line(&mut s);", "`std::io::stdin`"),
        ("tokio::io::stdin();", "`tokio::io::stdin`"),
        ("io::stdout();", "`io::stdout`"),
        ("std::process::exit(1);", "`std::process::exit`"),
        ("let a = (host, 80).to_socket_addrs();", "`.to_socket_addrs()`"),
        ("println!(\"{}\", std::fs::read_to_string(p)?);", "`std::fs::read_to_string`"),
        ("tracing::info!(%x, \"{}\", fs::read_to_string(p)?);", "`fs::read_to_string`"),
    ] {
        let e = check(&format!("pub fn a(&self) {{ {body} }}"));
        assert_eq!(rules_of(&e), ["direct_io"], "{body}: {e:#?}");
        assert!(e[0].contains(&format!("{found} in coordination method `a`")), "{body}: {}", e[0]);
    }
}

#[test]
fn hidden_coordination() {
    let e = check("pub fn run(&mut self) { self.steps() } fn steps(&mut self) { self.a.go(); self.b.go(); }");
    assert_eq!(rules_of(&e), ["hidden_coordination"]);
    assert!(e[0].contains("private method `steps`"), "{}", e[0]);
    // Through another private method, and through `Self::`.
    let e = check(
        "pub fn run(&mut self) { Self::outer(self) } fn outer(&mut self) { self.inner() } fn inner(&mut self) { self.a.go() }",
    );
    assert_eq!(e.len(), 1, "{e:#?}");
    // Every way of naming the block's own method: `Shop::`, a path to `Shop`, `<Self>::`,
    // `(*self).`; and a component called by its method's path.
    for call in [
        "Shop::steps(self)",
        "crate::Shop::steps(self)",
        "<Self>::steps(self)",
        "(*self).steps()",
        "(&mut *self).steps()",
    ] {
        let e = check(&format!("pub fn run(&mut self) {{ {call} }} fn steps(&mut self) {{ self.a.go() }}"));
        assert_eq!(rules_of(&e), ["hidden_coordination"], "{call}");
    }
    let e = check("pub fn run(&mut self) { self.steps() } fn steps(&mut self) { Store::put(&mut self.store, 1) }");
    assert_eq!(rules_of(&e), ["hidden_coordination"], "{e:#?}");
    let e = check(
        "pub fn run(&mut self) { tracing::info!(%k, \"{}\", self.steps()) } fn steps(&mut self) -> u8 { self.a.go() }",
    );
    assert_eq!(rules_of(&e), ["hidden_coordination"], "{e:#?}");
    // Another type's function, a trait's method: not the block's.
    assert!(check("pub fn run(&mut self) { Other::steps(self) } fn steps(&mut self) { self.a.go() }").is_empty());
    assert!(check("pub fn run(&mut self) { <Self as T>::steps(self) } fn steps(&mut self) { self.a.go() }").is_empty());
    // A private helper that calls no component, and the register hook called by no one.
    assert!(check("pub fn run(&mut self) { let k = self.key(); self.a.go(k) } fn key(&self) -> u8 { 1 } fn wire(&mut self) { self.a.register(); }")
        .is_empty());
}

#[test]
fn allow_on_block_and_method() {
    assert!(errors("allow(business_logic)", "impl Shop { pub fn a(&self) { for x in y {} } }").is_empty());
    assert!(check("#[orchestrate(allow(business_logic))] pub fn a(&self) { for x in y {} }").is_empty());
    let e = check("#[orchestrate(allow(direct_io))] pub fn a(&self) { for x in y {} }");
    assert_eq!(rules_of(&e), ["business_logic"]);
    let e = check("pub fn a(&self) { self.h() } #[orchestrate(allow(hidden_coordination))] fn h(&self) { self.a.b() }");
    assert!(e.is_empty(), "{e:#?}");
    let out = expand(TokenStream::new(), "impl Shop { #[orchestrate(allow(business_logic))] pub fn a(&self) { 1 + 1; } #[orchestrate(allow(direct_io))] fn b(&self) {} }".parse().unwrap());
    assert!(!out.to_string().contains("orchestrate ("), "{out}");
}

#[test]
fn misuse() {
    let e = errors("allow(bussiness_logic)", "impl Shop {}");
    assert!(e[0].contains("did you mean `business_logic`"), "{e:#?}");
    let e = errors("alow(business_logic)", "impl Shop {}");
    assert!(e[0].contains("unknown #[orchestrate] argument `alow`") && e[0].contains("did you mean `allow`"), "{e:#?}");
    let e = errors("allow(too_many_components)", "impl Shop {}");
    assert!(e[0].contains("not checked on the impl block"), "{e:#?}");
    let e = check("#[orchestrate(allow(too_long))] pub fn a(&self) {}");
    assert!(e[0].contains("measures the whole block"), "{e:#?}");
    let e = errors("", "impl Clone for Shop { fn clone(&self) -> Self { todo() } }");
    assert!(e[0].contains("not on a trait impl"), "{e:#?}");
    let e = errors("", "fn main() {}");
    assert!(e[0].contains("goes on the impl block"), "{e:#?}");
    let e = errors("", "struct S;");
    assert_eq!(e.len(), 1);
    let e = check("pub const fn a(&self) -> u8 { 1 }");
    assert!(e[0].contains("cannot be `const fn`"), "{e:#?}");
    let e = errors("crate = \"x\", 5", "impl Shop {}");
    assert_eq!(e.len(), 1, "{e:#?}");
}

#[test]
fn errors_keep_the_block_and_come_together() {
    let out = expand(
        TokenStream::new(),
        "impl Shop { pub fn a(&self) { for x in y {} std::fs::read(p); } pub fn b(&self) { 1 + 1; } }".parse().unwrap(),
    );
    assert_eq!(rules_of(&messages(out.clone())), ["business_logic", "business_logic", "direct_io"]);
    let text = out.to_string();
    assert!(text.contains("pub fn a (& self)") && !text.contains("__orchestrate_a"), "{text}");
}

#[test]
fn result_methods_use_ready_others_are_decided_by_their_type() {
    let out = expanded(
        "impl Shop { pub fn a(&self) -> io::Result<u8> { Ok(1) } pub async fn b(self: Box<Self>) -> u8 { 1 } \
         pub fn c(&self) -> Res<u8> { Ok(1) } pub fn d(&self) -> impl Display { 1 } pub fn e(&self) {} }",
    );
    // spelled `Result`: `Err(NotReady.into())`, a compile error when the error does not convert
    assert!(out.contains("__coordinate ! (result , Self , \"a\" , self ,"), "{out}");
    // another written type (an alias of `Result` among them): decided by the type
    assert!(out.contains("__coordinate ! (async typed , Self , \"b\" , & * self , u8 ,"), "{out}");
    assert!(out.contains("__coordinate ! (typed , Self , \"c\" , self , Res < u8 > ,"), "{out}");
    // an opaque type, or none: the panic
    assert!(out.contains("__coordinate ! (plain , Self , \"d\" , self ,"), "{out}");
    assert!(out.contains("__coordinate ! (plain , Self , \"e\" , self ,"), "{out}");
    assert!(out.contains("__orchestrate_b (self))"), "{out}");
}

#[test]
fn coordination_methods_keep_their_parameter_names() {
    let text = expanded(
        "impl Shop { pub fn a(&self, item: u32, mut v: Vec<u8>, (x, y): (u8, u8), _: T, __arg4: u8, r#type: u8) {} }",
    );
    // The outer method: names as written (without `mut`), a fresh one for each pattern.
    assert!(
        text.contains(
            "pub fn a (& self , item : u32 , v : Vec < u8 > , __arg3 : (u8 , u8) , __arg4_ : T , __arg4 : u8 , r#type : u8)"
        ),
        "{text}"
    );
    assert!(text.contains("Self :: __orchestrate_a (self , item , v , __arg3 , __arg4_ , __arg4 , r#type)"), "{text}");
    // The body function keeps the patterns.
    assert!(
        text.contains("fn __orchestrate_a (& self , item : u32 , mut v : Vec < u8 > , (x , y) : (u8 , u8) , _ : T")
    );
}
