use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

struct Manual;

impl Component for Manual {}

impl Orchestrator for Manual {
    const NAME: &'static str = "Manual";
    const COMPONENTS: &'static [&'static str] = &[];
    fn initialize(&mut self) -> Result<(), InitError> {
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), CleanupError> {
        Ok(())
    }
    fn status(&self) -> Status {
        unreachable!()
    }
    fn state(&self) -> State {
        State::Created
    }
}

#[derive(Orchestrator)]
struct Outer {
    #[component]
    manual: Manual,
    #[component]
    c: C,
    lifecycle: Lifecycle,
}

fn main() {
    let mut outer = Outer::from_parts(Manual, C);
    let _ = outer.initialize();
}
