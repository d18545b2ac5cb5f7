//! Arithmetic in the arguments of a tracing-style macro, whose `%x` argument is no Rust expression.
use orchestrator::prelude::*;

#[derive(Debug, Default)]
struct Validator;
impl Component for Validator {}
impl Validator {
    fn validate(&self, x: u32) -> u32 {
        x
    }
}

#[derive(Debug, Default)]
struct Store;
impl Component for Store {}
impl Store {
    fn put(&mut self, x: u32) -> u32 {
        x
    }
}

#[derive(Orchestrator)]
struct Processing {
    #[component]
    validator: Validator,
    #[component]
    store: Store,
    lifecycle: Lifecycle,
}

/// Takes tracing's argument syntax (`%value` for its `Display`).
macro_rules! info {
    ($(%$field:ident,)* $format:literal $(, $arg:expr)*) => {
        println!($format $(, $arg)*)
    };
}

#[orchestrate]
impl Processing {
    pub fn process(&mut self, x: u32) -> u32 {
        let v = self.validator.validate(x);
        info!(%v, "next: {}", v * 2);
        self.store.put(v)
    }
}

fn main() {}
