//! Exactly at each limit: 4 match arms, a 4-branch `if` chain; arithmetic and loops in private methods and constructors; the register hook calling components.
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
#[orchestrator(register = Self::wire)]
struct Processing {
    #[component]
    validator: Validator,
    #[component]
    store: Store,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Processing {
    pub fn make() -> Self {
        let mut n = 0;
        for _ in 0..2 {
            n += 1;
        }
        let _ = n;
        Processing::from_parts(Validator, Store)
    }

    pub fn route(&mut self, kind: u8, x: u32) -> u32 {
        match kind {
            0 => self.validator.validate(x),
            1 => self.store.put(x),
            2 => self.validator.validate(x),
            _ => self.store.put(x),
        }
    }

    pub fn chain(&mut self, kind: u8, x: u32) -> u32 {
        let key = self.key(x);
        if kind == 0 {
            self.validator.validate(key)
        } else if kind == 1 {
            self.store.put(key)
        } else if kind == 2 {
            self.validator.validate(key)
        } else {
            self.store.put(key)
        }
    }

    pub fn compare(&self, a: u32, b: u32) -> bool {
        a < b && self.validator.validate(a) == b && -(i64::from(a)) != 1
    }

    fn key(&self, x: u32) -> u32 {
        x * 2 + 1
    }

    fn wire(&mut self) -> Result<(), ComponentError> {
        self.store.put(1);
        Ok(())
    }
}

fn main() {
    let mut p = Processing::make();
    p.initialize().unwrap();
    assert_eq!(p.route(0, 3), 3);
    assert_eq!(p.chain(1, 3), 7);
    assert!(p.compare(1, 1) || !p.compare(1, 1));
}
