//! A raw identifier as a component's field (its name is `type`, not `r#type`), and a domain
//! type named `Lifecycle` as a component (only the orchestrator's own `Lifecycle` is its state).
use orchestrator::prelude::*;

mod domain {
    /// A domain notion that happens to share the name.
    #[derive(Default)]
    pub struct Lifecycle;
    impl orchestrator::Component for Lifecycle {}
}

#[derive(Default)]
pub struct Store;
impl Component for Store {}

#[derive(Orchestrator)]
pub struct Shop {
    #[component]
    r#type: Store,
    #[component]
    policy: domain::Lifecycle,
    lifecycle: Lifecycle,
}

fn main() {
    assert_eq!(Shop::COMPONENTS, ["type", "policy"]);
    let mut shop = Shop::from_parts(Store, domain::Lifecycle);
    shop.initialize().unwrap();
    assert_eq!(shop.status().components[0].name, "type");
}
