use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Debug)]
struct Settings;

#[derive(Orchestrator)]
struct Processing {
    #[orchestrator(config)]
    settings: Settings,
    #[orchestrator(config)]
    overrides: Settings,
    #[component]
    a: A,
    #[component]
    b: B,
    lifecycle: Lifecycle,
}

fn main() {
    let mut p = Processing::from_parts(Settings, Settings, A, B);
    let _ = p.initialize();
}
