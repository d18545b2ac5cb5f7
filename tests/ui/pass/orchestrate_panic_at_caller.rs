//! A coordination method that is not `Result` and is called before `initialize()` panics at
//! its caller's line, not inside the `#[orchestrate]` block.
use std::panic::{self, Location};
use std::sync::Mutex;

use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
struct Services {
    #[component]
    database: Database,
    #[component]
    cache: Database,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Services {
    pub fn lookup(&self, key: u32) -> u32 {
        key
    }
}

static PANICKED_AT: Mutex<Option<(String, u32)>> = Mutex::new(None);

fn main() {
    panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| (l.file().to_owned(), l.line()));
        *PANICKED_AT.lock().unwrap() = at;
    }));
    let services = Services::from_parts(Database, Database);
    let call = Location::caller().line() + 1;
    let result = panic::catch_unwind(panic::AssertUnwindSafe(|| services.lookup(7)));
    let _ = panic::take_hook();
    assert!(result.is_err(), "a method called before initialize() panics");
    let (file, line) = PANICKED_AT.lock().unwrap().clone().expect("the hook saw the panic");
    assert!(file.ends_with("orchestrate_panic_at_caller.rs"), "panicked in {file}");
    assert_eq!(line, call, "panicked at line {line}, the call is at line {call}");
}
