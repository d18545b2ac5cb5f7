//! What `#[derive(Orchestrator)]` generates: the constants, the constructors, the status, the
//! order of the lifecycle calls, `cleanup_on_drop`, renamed components and generics.
#![allow(clippy::missing_errors_doc)]

use std::cell::RefCell;
use std::rc::Rc;

use orchestrator::prelude::*;

/// A shared journal the test components write their lifecycle calls into.
type Journal = Rc<RefCell<Vec<String>>>;

fn journal() -> Journal {
    Rc::new(RefCell::new(Vec::new()))
}

macro_rules! component {
    ($name:ident) => {
        #[derive(Debug, Default)]
        struct $name {
            journal: Journal,
        }
        impl Component for $name {
            fn init(&mut self) -> Result<(), ComponentError> {
                self.journal.borrow_mut().push(format!("init {}", stringify!($name)));
                Ok(())
            }
            fn cleanup(&mut self) -> Result<(), ComponentError> {
                self.journal.borrow_mut().push(format!("cleanup {}", stringify!($name)));
                Ok(())
            }
        }
        impl FromConfig<AppConfig> for $name {
            fn from_config(config: &AppConfig) -> Self {
                config.journal.borrow_mut().push(format!("build {}", stringify!($name)));
                $name { journal: config.journal.clone() }
            }
        }
    };
}

#[derive(Debug)]
struct AppConfig {
    retries: u32,
    journal: Journal,
}

component!(Validator);
component!(Analyzer);
component!(AuditLog);

/// The SPEC's example shape: a config, three components, one renamed, one ordered.
#[derive(Orchestrator)]
#[orchestrator(register = Self::wire, from_config)]
struct Processing {
    #[orchestrator(config)]
    config: AppConfig,
    #[component]
    validator: Validator,
    #[component(after(validator))]
    analyzer: Analyzer,
    #[component(name = "audit-log")]
    logger: AuditLog,
    lifecycle: Lifecycle,
}

impl Processing {
    #[allow(clippy::unnecessary_wraps)]
    fn wire(&mut self) -> Result<(), ComponentError> {
        self.config.journal.borrow_mut().push("register".to_string());
        Ok(())
    }
}

fn config(journal: &Journal) -> AppConfig {
    AppConfig { retries: 3, journal: journal.clone() }
}

#[test]
fn constants_of_the_spec_example() {
    assert_eq!(Processing::NAME, "Processing");
    assert_eq!(Processing::COMPONENTS, &["validator", "analyzer", "audit-log"]);
    let expected: &[&[usize]] = &[&[], &[0], &[]];
    assert_eq!(Processing::DEPENDENCIES, expected);
}

#[test]
fn parts_report_source_lines_and_limits() {
    use orchestrator::__private_0_1_0::DerivedOrchestrator;
    // `struct Processing {` to its closing brace.
    assert_eq!(<Processing as DerivedOrchestrator>::LINES, 11);
    assert_eq!(<Processing as DerivedOrchestrator>::MAX_LINES, 400);
    assert_eq!(<Processing as DerivedOrchestrator>::REGISTER, "Self::wire");
    assert_eq!(<Pair as DerivedOrchestrator>::REGISTER, "register");
    assert_eq!(<Limited as DerivedOrchestrator>::MAX_LINES, 120);
    assert_eq!(<Unlimited as DerivedOrchestrator>::MAX_LINES, usize::MAX);
}

#[derive(Orchestrator)]
#[orchestrator(max_lines = 120)]
struct Limited {
    #[component]
    a: Mock,
    #[component]
    b: Mock,
    lifecycle: Lifecycle,
}

#[derive(Orchestrator)]
#[orchestrator(allow(too_long))]
struct Unlimited {
    #[component]
    a: Mock,
    #[component]
    b: Mock,
    lifecycle: Lifecycle,
}

#[test]
fn from_config_builds_every_component_in_declaration_order() {
    let journal = journal();
    let mut processing = Processing::from_config(config(&journal));
    assert_eq!(*journal.borrow(), ["build Validator", "build Analyzer", "build AuditLog"]);
    assert_eq!(processing.state(), State::Created);
    assert_eq!(processing.config.retries, 3, "the config moves into the orchestrator");
    processing.initialize().unwrap();
    assert_eq!(processing.state(), State::Ready);
    processing.cleanup().unwrap();
    assert_eq!(processing.state(), State::Stopped);
    assert_eq!(
        journal.borrow()[3..],
        [
            "init Validator",
            "init Analyzer",
            "init AuditLog",
            "register",
            "cleanup AuditLog",
            "cleanup Analyzer",
            "cleanup Validator"
        ]
    );
}

#[test]
fn new_takes_every_field_but_the_lifecycle_in_declaration_order() {
    let journal = journal();
    let j = || journal.clone();
    let mut processing = Processing::from_parts(
        config(&journal),
        Validator { journal: j() },
        Analyzer { journal: j() },
        AuditLog { journal: j() },
    );
    processing.initialize().unwrap();
    assert_eq!(*journal.borrow(), ["init Validator", "init Analyzer", "init AuditLog", "register"]);
}

#[test]
fn status_lists_names_types_and_config() {
    let journal = journal();
    let mut processing = Processing::from_config(config(&journal));
    processing.initialize().unwrap();
    let status = processing.status();
    assert_eq!(status.name, "Processing");
    assert_eq!(status.state, State::Ready);
    let names: Vec<_> = status.components.iter().map(|c| c.name).collect();
    assert_eq!(names, ["validator", "analyzer", "audit-log"]);
    let types: Vec<_> = status.components.iter().map(|c| c.type_name).collect();
    assert_eq!(types, ["Validator", "Analyzer", "AuditLog"]);
    assert!(status.components.iter().all(|c| c.state == State::Ready));
    let shown = status.config.expect("the config field is shown");
    assert!(shown.contains("retries: 3"), "{shown}");
}

/// A component double that records its calls and can be told to fail its `init`.
#[derive(Debug)]
struct Mock {
    name: &'static str,
    journal: Journal,
    fail_init: bool,
}

impl Mock {
    fn new(name: &'static str, journal: &Journal) -> Self {
        Mock { name, journal: journal.clone(), fail_init: false }
    }
    fn failing(name: &'static str, journal: &Journal) -> Self {
        Mock { fail_init: true, ..Mock::new(name, journal) }
    }
}

impl Component for Mock {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.journal.borrow_mut().push(format!("init {}", self.name));
        if self.fail_init { Err(format!("{} refused", self.name).into()) } else { Ok(()) }
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.journal.borrow_mut().push(format!("cleanup {}", self.name));
        Ok(())
    }
}

/// Declared out of order on purpose: `after(...)` moves `api` and `cache` behind `store`, the
/// independent `metrics` keeps its place in front.
#[derive(Orchestrator)]
struct Service<S: Component, C: Component, M: Component, A: Component> {
    #[component(after(store, cache))]
    api: A,
    #[component]
    metrics: M,
    #[component(name = "hot-cache", after(store))]
    cache: C,
    #[component]
    store: S,
    lifecycle: Lifecycle,
}

type MockService = Service<Mock, Mock, Mock, Mock>;

fn service(journal: &Journal) -> MockService {
    Service::from_parts(
        Mock::new("api", journal),
        Mock::new("metrics", journal),
        Mock::new("cache", journal),
        Mock::new("store", journal),
    )
}

#[test]
fn topological_order_is_stable_and_indexes_the_right_fields() {
    assert_eq!(MockService::COMPONENTS, &["metrics", "store", "hot-cache", "api"]);
    let expected: &[&[usize]] = &[&[], &[], &[1], &[1, 2]];
    assert_eq!(MockService::DEPENDENCIES, expected);
    let journal = journal();
    let mut service = service(&journal);
    service.initialize().unwrap();
    service.cleanup().unwrap();
    assert_eq!(
        *journal.borrow(),
        [
            "init metrics",
            "init store",
            "init cache",
            "init api",
            "cleanup api",
            "cleanup cache",
            "cleanup store",
            "cleanup metrics"
        ]
    );
}

#[test]
fn generic_orchestrator_with_mocks_rolls_back_a_failing_init() {
    let journal = journal();
    let mut service = Service::from_parts(
        Mock::new("api", &journal),
        Mock::new("metrics", &journal),
        Mock::failing("cache", &journal),
        Mock::new("store", &journal),
    );
    let error = service.initialize().unwrap_err();
    assert_eq!(service.state(), State::Failed);
    let shown = error.to_string();
    assert!(shown.contains("hot-cache"), "the error names the component by its name: {shown}");
    assert_eq!(*journal.borrow(), ["init metrics", "init store", "init cache", "cleanup store", "cleanup metrics"]);
    let status = service.status();
    let types: Vec<_> = status.components.iter().map(|c| c.type_name).collect();
    assert_eq!(types, ["M", "S", "C", "A"], "TYPES are the types as written in the struct");
    assert_eq!(status.config, None, "no config field, no config in the status");
}

#[test]
fn without_after_there_are_no_dependencies() {
    assert!(<Pair as Orchestrator>::DEPENDENCIES.is_empty());
    assert_eq!(Pair::NAME, "Pair");
}

#[derive(Orchestrator)]
#[orchestrator(cleanup_on_drop)]
struct Pair {
    #[component]
    first: Mock,
    #[component]
    second: Mock,
    lifecycle: Lifecycle,
}

#[test]
fn cleanup_on_drop_cleans_up_a_ready_orchestrator() {
    let journal = journal();
    {
        let mut pair = Pair::from_parts(Mock::new("first", &journal), Mock::new("second", &journal));
        pair.initialize().unwrap();
    }
    assert_eq!(*journal.borrow(), ["init first", "init second", "cleanup second", "cleanup first"]);
}

#[test]
fn cleanup_on_drop_does_nothing_when_not_ready() {
    let journal = journal();
    {
        let mut pair = Pair::from_parts(Mock::new("first", &journal), Mock::new("second", &journal));
        pair.initialize().unwrap();
        pair.cleanup().unwrap();
    }
    drop(Pair::from_parts(Mock::new("never", &journal), Mock::new("never", &journal)));
    assert_eq!(*journal.borrow(), ["init first", "init second", "cleanup second", "cleanup first"]);
}

#[test]
fn without_cleanup_on_drop_dropping_cleans_up_nothing() {
    let journal = journal();
    {
        let mut service = service(&journal);
        service.initialize().unwrap();
    }
    assert!(journal.borrow().iter().all(|entry| entry.starts_with("init")));
}

#[test]
fn register_hook_failure_rolls_back_everything() {
    #[derive(Orchestrator)]
    #[orchestrator(register = Self::wire)]
    struct Wired {
        #[component]
        a: Mock,
        #[component]
        b: Mock,
        lifecycle: Lifecycle,
    }
    impl Wired {
        fn wire(&mut self) -> Result<(), &'static str> {
            self.a.journal.borrow_mut().push("wire".into());
            Err("no route")
        }
    }
    let journal = journal();
    let mut wired = Wired::from_parts(Mock::new("a", &journal), Mock::new("b", &journal));
    let error = wired.initialize().unwrap_err().to_string();
    assert!(error.contains("Self::wire") && error.contains("no route"), "{error}");
    assert_eq!(*journal.borrow(), ["init a", "init b", "wire", "cleanup b", "cleanup a"]);
}
