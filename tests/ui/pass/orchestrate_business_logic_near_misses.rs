//! Near misses of `business_logic`: compile-time arithmetic (types, array lengths, consts), macro arguments
//! that are not evaluated, patterns, references, closures and boolean `& | ^`, a `macro_rules!` that only
//! delegates.
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

const WIDTH: usize = 4;

#[orchestrate]
impl Processing {
    pub fn shapes(&mut self, x: u32) -> (usize, &'static str, usize, bool) {
        const LEN: usize = WIDTH * 2;
        let bytes: [u8; WIDTH * 2] = [0; LEN];
        let label = stringify!(x + 1);
        let size = std::mem::size_of::<[u16; WIDTH << 1]>();
        let small = matches!(x, 0..=3 | 7);
        let _ = self.validator.validate(x);
        (bytes.len(), label, size, small)
    }

    pub fn flags(&mut self, x: u32, done: bool, failed: bool) -> bool {
        let first = &x;
        let second = |y: u32| self.validator.validate(y);
        let mut ok = done & !failed;
        ok |= *first == 0;
        ok ^= (x > 1) | (x < 10);
        ok && second(x) == x || failed
    }

    pub fn each(&mut self, a: u32, b: u32) {
        macro_rules! put_all {
            ($($x:expr),*) => {
                $( self.store.put($x); )*
            };
        }
        put_all!(a, b);
    }
}

fn main() {
    let mut p = Processing::from_parts(Validator, Store);
    p.initialize().unwrap();
    assert_eq!(p.shapes(1), (8, "x + 1", 16, true));
    assert!(!p.flags(0, true, false));
    p.each(1, 2);
}
