//! The pattern's rules, checked at compile time.
//!
//! Every rule has a stable name. A rule marked *allowable* can be switched off where breaking
//! it is deliberate: `#[orchestrator(allow(name))]` on the struct, `#[orchestrate(allow(name))]`
//! on the impl block or on one method. Every error points at the offending token, names the
//! rule and the pattern's reason, and ends with a `help:` saying how to fix or allow it; all the
//! errors of one item are reported together.
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
//! | [`business_logic`](#business_logic) | impl | a loop or arithmetic in a coordination method | yes |
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
//! lifecycle inside a component. Checked on the component's type, so a type alias or a
//! hand-written `Orchestrator` impl is caught too (a component whose type is a generic
//! parameter of the struct cannot be checked).
//!
//! ```compile_fail
//! # use orchestrator::prelude::*;
//! # #[derive(Default)] pub struct Db; impl Component for Db {}
//! # #[derive(Default)] pub struct Cache; impl Component for Cache {}
//! #[derive(Orchestrator)]
//! struct Inner { #[component] db: Db, #[component] cache: Cache, lifecycle: Lifecycle }
//! impl Component for Inner {}
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
//! *Delegate everything*: a loop or arithmetic (`+ - * / %` and their assignments) in a
//! coordination method is business logic that belongs in a component.
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
//! *Don't access databases/files directly*: `std::fs`, `std::net`, `std::process`, `File`,
//! `TcpStream` (and their tokio forms) in a coordination method belong in a component.
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
//! # `hidden_coordination`
//!
//! *Don't hide coordination in private methods*: a public method that hands its steps to a
//! private helper calling the components hides what it coordinates.
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
