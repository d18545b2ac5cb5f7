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
    #[component]
    a: A,
    #[component(after(settings))]
    b: B,
    lifecycle: Lifecycle,
}

fn main() {
    let mut p = Processing::from_parts(Settings, A, B);
    let _ = p.initialize();
}
