use orchestrator::prelude::*;

struct A;
impl Component for A {}
struct B;
impl Component for B {}
struct C;
impl Component for C {}

#[derive(Orchestrator)]
struct Big {
    #[component]
    c1: A,
    #[component]
    c2: A,
    #[component]
    c3: A,
    #[component]
    c4: A,
    #[component]
    c5: A,
    #[component]
    c6: A,
    #[component]
    c7: A,
    #[component]
    c8: A,
    #[component]
    c9: A,
    lifecycle: Lifecycle,
}

fn main() {
    let mut big = Big::from_parts(A, A, A, A, A, A, A, A, A);
    let _ = big.initialize();
}
