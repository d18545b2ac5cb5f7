use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Debug)]
struct Settings;

impl FromConfig<Settings> for A {
    fn from_config(_: &Settings) -> Self {
        A
    }
}

#[derive(Orchestrator)]
#[orchestrator(from_config)]
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
    let mut p = Processing::from_config(Settings);
    let _ = p.initialize();
}
