//! `allow(orchestrator_state)`: a plain field, taken by `new` and defaulted by `from_config`.
use orchestrator::prelude::*;

#[derive(Debug)]
struct Settings;

struct A;
impl Component for A {}
impl FromConfig<Settings> for A {
    fn from_config(_: &Settings) -> Self {
        A
    }
}

#[derive(Orchestrator)]
#[orchestrator(allow(orchestrator_state, too_long), max_lines = 50, from_config)]
struct Counting {
    #[orchestrator(config)]
    settings: Settings,
    #[component]
    a: A,
    #[component]
    b: A,
    processed: u64,
    lifecycle: Lifecycle,
}

fn main() {
    let counting = Counting::from_parts(Settings, A, A, 7);
    assert_eq!(counting.processed, 7);
    let counting = Counting::from_config(Settings);
    assert_eq!(counting.processed, 0);
}
