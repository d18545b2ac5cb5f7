use orchestrator::prelude::*;

#[derive(Default)]
struct A;
impl Component for A {}

#[derive(Default)]
struct B;
impl Component for B {}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct Services {
    #[component]
    a: A,
    #[component]
    b: B,
}

async fn start(services: &mut Services) {
    // No secondary error here: the fallback still provides the async lifecycle.
    let _ = services.initialize().await;
    let _ = services.cleanup().await;
    let _ = services.status();
}

fn main() {
    let mut services = Services::from_parts(A, B);
    drop(start(&mut services));
}
