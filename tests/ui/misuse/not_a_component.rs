use orchestrator::prelude::*;

struct Validator;
impl Component for Validator {}

struct Analyzer;

#[derive(Orchestrator)]
struct Processing {
    #[component]
    validator: Validator,
    #[component]
    analyzer: Vec<Analyzer>,
    lifecycle: Lifecycle,
}

fn main() {
    let mut processing = Processing::from_parts(Validator, Vec::new());
    let _ = processing.initialize();
}
