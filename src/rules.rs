//! The pattern's rules, checked at compile time.
//!
//! Every rule has a stable name. A rule marked *allowable* can be switched off where breaking
//! it is deliberate: `#[orchestrator(allow(name))]` on the struct, `#[orchestrate(allow(name))]`
//! on the impl block or on one method. Every error points at the offending token, names the
//! rule and the pattern's reason, and ends with a `help:` saying how to fix or allow it; all the
//! errors of one item are reported together.
//!
//! The impl rules check the *coordination methods* of an `#[orchestrate]` block: its methods
//! with a `self` receiver that are visible outside the block (`pub`, `pub(crate)`,
//! `pub(super)`, `pub(in path)`; `pub(self)` is private). These are also the methods whose
//! readiness is guarded. A method under `#[cfg(test)]` is test code and is not checked (it is
//! still guarded). An attribute macro reads only the tokens of its block: it cannot see the
//! module's `use` items, the functions and other impl blocks the methods call, nor a
//! `#[cfg(..)]` written on the block itself (the compiler evaluates it first, so a
//! `#[cfg(test)]` block is checked in test builds: write test-only helpers in a plain
//! `#[cfg(test)] impl Shop { .. }` without `#[orchestrate]`). Each rule below says what it
//! catches and what it cannot see; where a rule cannot see, review does.
//!
//! | rule | where | violation | allowable |
//! |---|---|---|---|
//! | [`nested_orchestrator`](#nested_orchestrator) | struct | a component whose type is itself an orchestrator | no |
//! | [`too_many_components`](#too_many_components) | struct | more than `max_components` (default 8) components | yes |
//! | [`too_few_components`](#too_few_components) | struct | fewer than `min_components` (default 2) | yes |
//! | [`orchestrator_state`](#orchestrator_state) | struct | a field that is no component, config or lifecycle | yes |
//! | [`unknown_dependency`](#unknown_dependency) | struct | `after(x)` names no component | no |
//! | [`dependency_cycle`](#dependency_cycle) | struct | the `after(...)` dependencies form a cycle | no |
//! | [`too_long`](#too_long) | impl | the struct plus its `#[orchestrate]` block span more than `max_lines` (default 400) lines | yes |
//! | [`business_logic`](#business_logic) | impl | a loop, arithmetic or a bit operation in a coordination method | yes |
//! | [`complex_conditional`](#complex_conditional) | impl | more than 4 branches in a coordination method | yes |
//! | [`direct_io`](#direct_io) | impl | file, network or process access in a coordination method | yes |
//! | [`hidden_coordination`](#hidden_coordination) | impl | a coordination method hands its steps to a private method that calls components | yes |
//!
//! The examples below share these components:
//!
//! ```
//! use orchestrator::prelude::*;
//! #[derive(Default)] pub struct Db;     impl Component for Db {}
//! #[derive(Default)] pub struct Cache;  impl Component for Cache {}
//! #[derive(Default)] pub struct Mailer; impl Component for Mailer {}
//! ```
//!
//! # `nested_orchestrator`
//!
//! *Orchestrators should not orchestrate other orchestrators*: nesting hides a second
//! lifecycle inside a component.
//!
//! What it catches: a component whose type implements `Orchestrator` or `AsyncOrchestrator`,
//! derived or written by hand, also named through a type alias or a `Box`. A component whose
//! type is a generic parameter is checked where the type becomes concrete as far as stable Rust
//! allows: a derived orchestrator is never a `Component` (it cannot be made one), so the
//! struct's own `T: Component` bound rejects it.
//!
//! What it cannot see: a component behind a reference or a `Pin` (`&'a mut Inner`, with an
//! `impl Component for &mut Inner`, which the orphan rule allows for these fundamental types):
//! only a `Box` is looked through; an orchestrator written by hand that also implements
//! `Component`, used through a generic parameter (telling inside generic code whether `T` implements
//! `Orchestrator` needs specialization); a component whose type only *contains* an
//! orchestrator, such as a newtype `struct Wrapper(Inner)` with its own `Component` impl: the
//! check asks whether the component's type is an orchestrator, and stable Rust cannot ask whether
//! a type holds one.
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Orchestrator)]
//! struct Inner { #[component] db: Db, #[component] cache: Cache, lifecycle: Lifecycle }
//!
//! #[derive(Orchestrator)]
//! struct Outer { #[component] inner: Inner, #[component] db: Db, lifecycle: Lifecycle }
//! ```
//!
//! Fix: make the inner orchestrator's components components of the outer one (or keep two
//! orchestrators side by side, started by their caller).
//!
//! ```
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! # #[derive(Default)] pub struct Mailer; impl Component for Mailer {}
//! #[derive(Orchestrator)]
//! struct Outer { #[component] db: Db, #[component] cache: Cache, #[component] mailer: Mailer, lifecycle: Lifecycle }
//! ```
//!
//! # `too_many_components`
//!
//! *Managing more than 7-8 components* means more than one responsibility.
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! #[derive(Orchestrator)]
//! #[orchestrator(max_components = 2)]
//! struct Shop { #[component] a: Db, #[component] b: Db, #[component] c: Db, lifecycle: Lifecycle }
//! ```
//!
//! Fix: split it, raise `max_components`, or allow it:
//!
//! ```
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! #[derive(Orchestrator)]
//! #[orchestrator(max_components = 2, allow(too_many_components))]
//! struct Shop { #[component] a: Db, #[component] b: Db, #[component] c: Db, lifecycle: Lifecycle }
//! ```
//!
//! # `too_few_components`
//!
//! *Anemic orchestrator*: with one component there is nothing to coordinate; use the
//! component directly.
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! #[derive(Orchestrator)]
//! struct Passthrough { #[component] db: Db, lifecycle: Lifecycle }
//! ```
//!
//! ```
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! #[derive(Orchestrator)]
//! #[orchestrator(allow(too_few_components))]
//! struct Passthrough { #[component] db: Db, lifecycle: Lifecycle }
//! ```
//!
//! # `orchestrator_state`
//!
//! *Don't manage complex state*: every field is a component, the config or the lifecycle.
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Orchestrator)]
//! struct Shop { #[component] db: Db, #[component] cache: Cache, orders_seen: u64, lifecycle: Lifecycle }
//! ```
//!
//! Fix: move the state into a component (or allow it):
//!
//! ```
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Orchestrator)]
//! #[orchestrator(allow(orchestrator_state))]
//! struct Shop { #[component] db: Db, #[component] cache: Cache, orders_seen: u64, lifecycle: Lifecycle }
//! ```
//!
//! # `unknown_dependency`
//!
//! `after(x)` must name a component field of the same struct.
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Orchestrator)]
//! struct Shop { #[component] db: Db, #[component(after(dbb))] cache: Cache, lifecycle: Lifecycle }
//! ```
//!
//! ```
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Orchestrator)]
//! struct Shop { #[component(after(db))] cache: Cache, #[component] db: Db, lifecycle: Lifecycle }
//! assert_eq!(Shop::COMPONENTS, ["db", "cache"]);
//! ```
//!
//! # `dependency_cycle`
//!
//! Components that wait for each other can never start; the error names the whole cycle.
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Orchestrator)]
//! struct Shop { #[component(after(cache))] db: Db, #[component(after(db))] cache: Cache, lifecycle: Lifecycle }
//! ```
//!
//! # `too_long`
//!
//! *Keep orchestrators under 400 lines*: the struct and its `#[orchestrate]` block together
//! stay within `max_lines`.
//!
//! What it catches: a struct (counted from its name to its closing brace, where it is written,
//! also through a `macro_rules!`) plus one `#[orchestrate]` block (from `impl` to its closing
//! brace) longer than `max_lines`. A non-generic block is checked where it is written; a generic
//! one where a coordination method of it is used with concrete types.
//!
//! What it cannot see: several `#[orchestrate]` blocks of one struct are each measured with the
//! struct alone, not added up (a proc macro sees one block at a time and keeps no state between
//! invocations); a generic block without coordination methods is never checked (its check is
//! evaluated by the coordination methods); plain `impl` blocks without the attribute are not
//! measured.
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Orchestrator)]
//! #[orchestrator(max_lines = 6)]
//! struct Shop {
//!     #[component] db: Db,
//!     #[component] cache: Cache,
//!     lifecycle: Lifecycle,
//! }
//!
//! #[orchestrate]
//! impl Shop {
//!     pub fn first(&self) {}
//!     pub fn second(&self) {}
//! }
//! ```
//!
//! # `business_logic`
//!
//! *Delegate everything*: a computation in a coordination method is business logic that
//! belongs in a component.
//!
//! What it catches: a loop (`for`, `while`, `loop`); arithmetic (`+ - * / %`); a bit
//! operation (`<< >> ^`, and `& |` between numbers); the assignments of all of these (`+=`,
//! `<<=`, `|=`, ...). Anywhere in the method: in closures, nested `fn`s and `async` blocks, in
//! macro arguments (`format!("{}", a * b)`, `vec![0; n * 2]`, and tracing's
//! `info!(%id, "{}", a * b)`, whose pieces are read one by one), and in the bodies of a
//! `macro_rules!` defined in the method (`$e * 2`). Not counted: comparisons, `&&`, `||`,
//! negation, `&` references, `|x|` closures, `& | ^` between plain booleans (a comparison,
//! `!x`, `true`, an `is_*()` call); compile-time code: types (`[u8; 4 * 2]`), const generic
//! arguments, array lengths (`[0; N * 2]`), `const` and `static` items, `const { .. }` blocks;
//! the arguments of macros that never evaluate them (`stringify!`, `concat!`,
//! `include_str!`, `env!`) and the patterns of `matches!` (its guard is checked).
//!
//! What it cannot see: computation by method call (`iter().sum()`, `fold`, `max`,
//! `checked_add`, `pow`), since a method's name does not say whether it computes; a loop by
//! recursion (a method calling itself); computation in a function or a macro defined outside
//! the block (a module-level `macro_rules!` or a free `fn` the method calls), whose body the
//! attribute does not receive. The arguments of a macro defined elsewhere are taken for code
//! that runs: a macro that reads operators as its own language needs
//! `#[orchestrate(allow(business_logic))]` on the method.
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! # #[derive(Orchestrator)]
//! # struct Shop { #[component] db: Db, #[component] cache: Cache, lifecycle: Lifecycle }
//! #[orchestrate]
//! impl Shop {
//!     pub fn total(&self, prices: &[u32]) -> u32 {
//!         let mut total = 0;
//!         for price in prices {
//!             total += price;
//!         }
//!         total
//!     }
//! }
//! ```
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! # #[derive(Orchestrator)]
//! # struct Shop { #[component] db: Db, #[component] cache: Cache, lifecycle: Lifecycle }
//! #[orchestrate]
//! impl Shop {
//!     pub(crate) fn doubled(&self, price: u32) -> u32 {
//!         macro_rules! twice { ($e:expr) => { $e * 2 }; }
//!         twice!(price)
//!     }
//! }
//! ```
//!
//! Fix: the component computes, the orchestrator calls it.
//!
//! ```
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Default)] pub struct Db;
//! impl Component for Db {}
//! impl Db { fn total(&self, prices: &[u32]) -> u32 { prices.iter().sum() } }
//! # #[derive(Orchestrator)]
//! # struct Shop { #[component] db: Db, #[component] cache: Cache, lifecycle: Lifecycle }
//! #[orchestrate]
//! impl Shop {
//!     pub fn total(&self, prices: &[u32]) -> u32 {
//!         self.db.total(prices)
//!     }
//! }
//! ```
//!
//! # `complex_conditional`
//!
//! *Too many if/else branches*: more than 4 branches (an if/else-if chain or match arms) in a
//! coordination method is routing logic that belongs in a component.
//!
//! What it catches: one `match` with more than 4 arms, one `if` / `else if` / `else` chain
//! with more than 4 branches, anywhere in the method (closures, macro arguments included).
//!
//! What it cannot see: separate conditionals are counted one by one (five single `if`s pass),
//! and a decision made by data (a lookup table, a `HashMap` of handlers) is no branch.
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! # #[derive(Orchestrator)]
//! # struct Shop { #[component] db: Db, #[component] cache: Cache, lifecycle: Lifecycle }
//! #[orchestrate]
//! impl Shop {
//!     pub fn route(&self, code: u8) -> &'static str {
//!         match code {
//!             0 => "a",
//!             1 => "b",
//!             2 => "c",
//!             3 => "d",
//!             _ => "e",
//!         }
//!     }
//! }
//! ```
//!
//! # `direct_io`
//!
//! *Don't access databases/files directly*: file, network and process access in a
//! coordination method belongs in a component, which tests can replace.
//!
//! What it catches, by the path once resolved: every item of `std::fs`, `tokio::fs`,
//! `tokio::net`, `tokio::process` and `std::os::unix::net`; the sockets of `std::net`
//! (`TcpStream`, `TcpListener`, `UdpSocket`, `ToSocketAddrs`, and any `.to_socket_addrs()`
//! call); `std::process::{Command, Child, exit, abort}` and the child's pipes; `stdin`,
//! `stdout` and `stderr` of `std::io` and `tokio::io`. In expressions, types and `use` items of
//! the body, macro arguments included. Paths are followed through the method's own `use`
//! items: renames (`use std::fs as f;` then `f::read(..)`), imported functions
//! (`use std::fs::read_to_string;` then `read_to_string(..)`), renamed types
//! (`use std::net::TcpStream as Conn;`, `use std::process::Command as Cmd;`) and globs. A `use`
//! that imports I/O and the paths that use it are one error, at the `use`. Not I/O: the value
//! types of the same modules (`std::net::Ipv4Addr::LOCALHOST`, `SocketAddr`,
//! `std::process::ExitCode`, `std::io::Error`), a domain type named `Command`
//! (`Command::Start`), paths inside `stringify!`.
//!
//! What it cannot see: the module's own `use` items, which an attribute macro does not
//! receive. So a path starting with `fs::`, `net::`, `process::` or `io::` is taken for std's
//! module (the idiomatic `use std::fs;` at the top of the file), and `File`, `OpenOptions`,
//! `TcpStream`, `TcpListener` and `UdpSocket` written bare for std's types (a module or type of
//! your own with one of these names needs `#[orchestrate(allow(direct_io))]`); but a bare
//! `Command` imported at the top of the file, or `use std::fs::read_to_string as load;` at the
//! top of the file then `load(..)`, is not seen. Nor is I/O through other crates (an HTTP or
//! database client), through a value of an I/O type received as an argument
//! (`file.read_to_string(..)`), or through functions the method calls; console printing
//! (`println!`) is not counted.
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! # #[derive(Orchestrator)]
//! # struct Shop { #[component] db: Db, #[component] cache: Cache, lifecycle: Lifecycle }
//! #[orchestrate]
//! impl Shop {
//!     pub fn load(&self) -> std::io::Result<String> {
//!         std::fs::read_to_string("orders.csv")
//!     }
//! }
//! ```
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! # #[derive(Orchestrator)]
//! # struct Shop { #[component] db: Db, #[component] cache: Cache, lifecycle: Lifecycle }
//! #[orchestrate]
//! impl Shop {
//!     pub fn load(&self) -> std::io::Result<String> {
//!         use std::fs as files;
//!         files::read_to_string("orders.csv")
//!     }
//! }
//! ```
//!
//! Fix: a component owns the file; the orchestrator calls it.
//!
//! ```
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Default)] pub struct Orders;
//! impl Component for Orders {}
//! impl Orders {
//!     fn load(&self) -> String { std::fs::read_to_string("orders.csv").unwrap_or_default() }
//! }
//! # #[derive(Orchestrator)]
//! # struct Shop { #[component] orders: Orders, #[component] cache: Cache, lifecycle: Lifecycle }
//! #[orchestrate]
//! impl Shop {
//!     pub fn load(&self) -> String {
//!         self.orders.load()
//!     }
//! }
//! ```
//!
//! # `hidden_coordination`
//!
//! *Don't hide coordination in private methods*: a public method that hands its steps to a
//! private helper calling the components hides what it coordinates.
//!
//! What it catches: a coordination method calling a private method of the same block (one not
//! visible outside it) that calls components, directly or through other private methods of
//! the block. The call is seen in every form that names the block's own method: `self.m()`,
//! `(*self).m()`, `Self::m(self)`, `Shop::m(self)`, `<Self>::m(self)`, also inside macro
//! arguments. A component call is `self.field.method(..)` or `Type::method(&self.field, ..)`.
//! Not reported: a private method no coordination method calls (the register hook), a private
//! helper that calls no component, a call of another coordination method (`pub(crate)` ones
//! included: they are where a reader looks).
//!
//! What it cannot see: steps handed to a free function (`steps(self)`), to a trait's method
//! (`impl Steps for Shop`), or to a private method of another, plain `impl Shop` block: their
//! bodies are outside the `#[orchestrate]` block the attribute receives. Keep every method of
//! an orchestrator in its `#[orchestrate]` block, so the rule sees them all.
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Default)] pub struct Db;
//! impl Component for Db {}
//! impl Db { fn save(&self) {} }
//! # #[derive(Orchestrator)]
//! # struct Shop { #[component] db: Db, #[component] cache: Cache, lifecycle: Lifecycle }
//! #[orchestrate]
//! impl Shop {
//!     pub fn checkout(&self) {
//!         self.steps();
//!     }
//!     fn steps(&self) {
//!         self.db.save();
//!     }
//! }
//! ```
//!
//! ```
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Default)] pub struct Db;
//! impl Component for Db {}
//! impl Db { fn save(&self) {} }
//! # #[derive(Orchestrator)]
//! # struct Shop { #[component] db: Db, #[component] cache: Cache, lifecycle: Lifecycle }
//! #[orchestrate]
//! impl Shop {
//!     pub fn checkout(&self) {
//!         self.db.save();
//!     }
//! }
//! ```
