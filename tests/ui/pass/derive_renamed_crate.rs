//! `crate = path`: the facade under another name.
extern crate orchestrator as orch;

use orch::{Component, Lifecycle, Orchestrator};

struct A;
impl Component for A {}
struct B;
impl Component for B {}

#[derive(orch::Orchestrator)]
#[orchestrator(crate = orch, cleanup_on_drop)]
struct Renamed {
    #[component]
    a: A,
    #[component(after(a))]
    b: B,
    lifecycle: Lifecycle,
}

mod absolute {
    use orch::{Component, Lifecycle};

    pub struct C;
    impl Component for C {}

    #[derive(orch::Orchestrator)]
    #[orchestrator(crate = ::orchestrator)]
    pub struct Absolute {
        #[component]
        c: C,
        #[component]
        d: C,
        lifecycle: Lifecycle,
    }
}

fn main() {
    let mut renamed = Renamed::from_parts(A, B);
    renamed.initialize().unwrap();
    assert_eq!(Renamed::DEPENDENCIES, &[&[] as &[usize], &[0]]);
    let mut absolute = absolute::Absolute::from_parts(absolute::C, absolute::C);
    absolute.initialize().unwrap();
}
