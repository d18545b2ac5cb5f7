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
component!(Store);

/// The SPEC's example shape: a config, three components, one renamed, one ordered.
#[derive(Orchestrator)]
#[orchestrator(register = Self::wire)]
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
fn from_config_builds_every_component_in_declaration_order() {
    let journal = journal();
    let mut processing = Processing::from_config(config(&journal));
    assert_eq!(*journal.borrow(), ["build Validator", "build Analyzer", "build AuditLog"]);
    assert_eq!(processing.state(), State::Created);
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
    let mut processing = Processing::new(
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
