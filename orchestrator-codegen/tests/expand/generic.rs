//! A generic orchestrator: components as type parameters, so tests can pass doubles.

use orchestrator::prelude::*;

#[derive(Orchestrator)]
pub struct Checkout<P: Component, N>
where
    N: Component + Send,
{
    #[component]
    payments: P,
    #[component(name = "notifier", after(payments))]
    notify: N,
    lifecycle: Lifecycle,
}
