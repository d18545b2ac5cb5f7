//! The key of another orchestrator's component does not compile: one error, naming both.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}
struct Web;
impl Component for Web {}

#[derive(Orchestrator)]
#[orchestrator(allow(too_few_components))]
struct Shop {
    #[component]
    database: Database,
    lifecycle: Lifecycle,
}

#[derive(Orchestrator)]
#[orchestrator(allow(too_few_components))]
struct Site {
    #[component]
    web: Web,
    lifecycle: Lifecycle,
}

fn main() {
    let mut shop = Shop::from_parts(Database);
    shop.initialize().unwrap();
    shop.restart(SiteComponent::Web).unwrap();
    let _ = Site::from_parts(Web);
}
