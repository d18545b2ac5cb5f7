use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

struct Settings {
    retries: u32,
}

#[derive(Orchestrator)]
struct Processing {
    #[orchestrator(config)]
    settings: Settings,
    #[component]
    a: A,
    #[component]
    b: B,
    lifecycle: Lifecycle,
}

fn main() {
    let mut p = Processing::from_parts(Settings { retries: 3 }, A, B);
    let _ = p.initialize();
    let _ = p.settings.retries;
}
