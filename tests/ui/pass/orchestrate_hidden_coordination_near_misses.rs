//! Near misses of `hidden_coordination`: a `pub(crate)` step is a coordination method itself, a private helper
//! that calls no component, another type's function of the same name.
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

struct Keys;
impl Keys {
    fn steps(p: &mut Processing, x: u32) -> u32 {
        p.store.put(x)
    }
}

#[orchestrate]
impl Processing {
    pub fn process(&mut self, x: u32) -> u32 {
        let key = Processing::key(x);
        let v = (*self).checked(key);
        Keys::steps(self, v)
    }

    pub(crate) fn checked(&mut self, x: u32) -> u32 {
        self.validator.validate(x)
    }

    fn key(x: u32) -> u32 {
        x.rotate_left(1)
    }
}

fn main() {
    let mut p = Processing::from_parts(Validator, Store);
    p.initialize().unwrap();
    assert_eq!(p.process(1), 2);
}
