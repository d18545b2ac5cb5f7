//! The lifecycle errors as values: their one-line and alternate messages, their source chains,
//! and the conversions of `ComponentError` into the error types of an application.

mod common;

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::io;

use common::{Act, Rec};
use orchestrator_core::{CleanupError, ComponentError, Failure, InitError, NotReady, Orchestrator, Phase, State};

/// `"<what> failed"`, caused by an `io::Error` with `cause` as its message.
#[derive(Debug)]
struct Step {
    what: &'static str,
    source: io::Error,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed", self.what)
    }
}

impl Error for Step {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.source)
    }
}

/// A component error with a two-link chain: `"<what> failed"`, then `cause`.
fn chained(what: &'static str, cause: &str) -> ComponentError {
    ComponentError::new(Step { what, source: io::Error::other(cause.to_owned()) })
}

fn failure(component: &'static str, error: ComponentError) -> Failure {
    Failure { component, error }
}

/// Every message of a source chain, `error` itself first.
fn chain(error: &(dyn Error + 'static)) -> Vec<String> {
    let mut messages = vec![error.to_string()];
    let mut next = error.source();
    while let Some(cause) = next {
        messages.push(cause.to_string());
        next = cause.source();
    }
    messages
}

// ---- ComponentError: Display ----

#[test]
fn component_error_display_is_its_message_and_alternate_adds_the_chain() {
    let err = chained("flush", "disk full");
    assert_eq!(err.to_string(), "flush failed");
    assert_eq!(format!("{err:#}"), "flush failed: disk full");
    assert_eq!(format!("{:>14}|", ComponentError::msg("x")), "             x|", "{{}} keeps the width");
}

/// An error whose own `{:#}` differs from its `{}`.
#[derive(Debug)]
struct Verbose;

impl fmt::Display for Verbose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if f.alternate() { "verbose, with its own chain" } else { "verbose" })
    }
}

impl Error for Verbose {}

#[test]
fn component_error_alternate_writes_each_link_with_its_plain_display() {
    let err = ComponentError::new(Verbose);
    assert_eq!(format!("{err:#}"), "verbose", "the chain is the component error's to write, once");

    // An InitError inside a component error: its message, then its source chain.
    let inner = InitError::new("Inner", "db", Phase::Init, chained("connect", "refused"), Vec::new());
    let err = ComponentError::new(inner);
    assert_eq!(format!("{err:#}"), "Inner: init of component `db` failed: connect failed: connect failed: refused");
}

// ---- ComponentError: into application errors ----

#[test]
fn component_error_into_a_send_sync_box_is_the_wrapped_error() {
    let err = ComponentError::new(io::Error::new(io::ErrorKind::PermissionDenied, "no access"));
    let boxed: Box<dyn Error + Send + Sync> = err.into();
    assert_eq!(boxed.to_string(), "no access");
    let io = boxed.downcast::<io::Error>().expect("the io::Error itself");
    assert_eq!(io.kind(), io::ErrorKind::PermissionDenied);

    let boxed = Box::<dyn Error + Send + Sync + 'static>::from(chained("flush", "disk full"));
    assert_eq!(chain(&*boxed), ["flush failed", "disk full"]);
    assert!(boxed.is::<Step>());
}

#[test]
fn question_mark_turns_a_component_error_into_a_send_sync_box() {
    fn step() -> Result<(), ComponentError> {
        Err(io::Error::new(io::ErrorKind::TimedOut, "too slow"))?
    }
    fn app() -> Result<(), Box<dyn Error + Send + Sync>> {
        step()?;
        Ok(())
    }
    let err = app().unwrap_err();
    assert_eq!(err.downcast_ref::<io::Error>().map(io::Error::kind), Some(io::ErrorKind::TimedOut));
}

#[test]
fn into_inner_coerces_into_a_plain_box() {
    let boxed: Box<dyn Error> = chained("flush", "disk full").into_inner();
    assert_eq!(chain(&*boxed), ["flush failed", "disk full"]);
    assert!(boxed.downcast::<Step>().is_ok());
}

#[test]
fn a_caught_panic_converts_into_an_error_with_the_panic_message() {
    let mut rec = Rec::<2>::new();
    rec.initialize().unwrap();
    rec.plan(|p| p.cleanup[1] = Act::Panic);
    let mut failures = rec.cleanup().unwrap_err().into_errors();
    let failure = failures.pop().unwrap();
    assert!(failure.error.is_panic());

    let boxed: Box<dyn Error + Send + Sync> = failure.error.into();
    assert_eq!(boxed.to_string(), "panicked: b cleanup panicked");
    assert!(boxed.source().is_none());
}

#[derive(Debug)]
enum AppError {
    Component(Box<dyn Error + Send + Sync>),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Component(_) => f.write_str("the shop could not start"),
        }
    }
}

impl Error for AppError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            AppError::Component(error) => Some(&**error),
        }
    }
}

impl From<ComponentError> for AppError {
    fn from(error: ComponentError) -> Self {
        AppError::Component(error.into())
    }
}

#[test]
fn an_application_error_keeps_the_whole_chain() {
    fn start() -> Result<(), AppError> {
        Err(chained("connect", "refused"))?;
        Ok(())
    }
    let err = start().unwrap_err();
    assert_eq!(chain(&err), ["the shop could not start", "connect failed", "refused"]);
    let step = err.source().unwrap().downcast_ref::<Step>().expect("the component's own error");
    assert_eq!(step.what, "connect");
    assert!(err.source().unwrap().source().unwrap().is::<io::Error>());
}

#[test]
fn component_error_lends_its_error_as_dyn_error() {
    let err = chained("flush", "disk full");

    let send_sync: &(dyn Error + Send + Sync) = err.as_ref();
    assert_eq!(send_sync.to_string(), "flush failed");
    let plain: &dyn Error = err.as_ref();
    assert_eq!(chain(plain), ["flush failed", "disk full"]);
    assert!(std::ptr::addr_eq(send_sync, err.as_error()));

    // Deref: the methods of `dyn Error`, and `&*err`.
    assert!(err.is::<Step>());
    assert!(!err.is::<io::Error>());
    let deref: &(dyn Error + Send + Sync) = &*err;
    assert_eq!(chain(deref), ["flush failed", "disk full"]);

    // The inherent methods keep their meaning.
    assert_eq!(err.source().unwrap().to_string(), "disk full");
    assert_eq!(err.downcast_ref::<Step>().unwrap().what, "flush");
    assert!(err.downcast_ref::<io::Error>().is_none());
    assert!(!err.is_panic());
}

/// What `?` makes of `error` in a component's `init`.
fn question_mark<E>(error: E) -> ComponentError
where
    ComponentError: From<E>,
{
    let init = || -> Result<(), ComponentError> { Err(error)? };
    init().unwrap_err()
}

#[test]
fn question_mark_still_converts_errors_strings_and_strs() {
    assert!(question_mark(io::Error::other("io")).is::<io::Error>());
    assert_eq!(question_mark(String::from("a string")).to_string(), "a string");
    assert_eq!(question_mark("a str").to_string(), "a str");
    assert_eq!(question_mark(Cow::Borrowed("a cow")).to_string(), "a cow");
    let not_ready = NotReady::new("Shop", "sell", State::Created);
    assert_eq!(question_mark(not_ready).downcast_ref::<NotReady>(), Some(&not_ready));
    // an error that is already boxed goes through `new`
    let boxed: Box<dyn Error + Send + Sync> = "boxed".into();
    assert_eq!(ComponentError::new(boxed).to_string(), "boxed");
}

// ---- Failure ----

#[test]
fn failure_displays_its_component_and_its_error() {
    let f = failure("cache", chained("flush", "disk full"));
    assert_eq!(f.to_string(), "`cache`: flush failed");
    assert_eq!(format!("{f:#}"), "`cache`: flush failed: disk full");
}

#[test]
fn failure_is_an_error_whose_source_is_the_components_error() {
    let f = failure("cache", chained("flush", "disk full"));
    assert_eq!(chain(&f), ["`cache`: flush failed", "flush failed", "disk full"]);
    assert!(f.source().unwrap().is::<Step>());

    let boxed: Box<dyn Error + Send + Sync> = Box::new(failure("db", ComponentError::msg("locked")));
    assert_eq!(chain(&*boxed), ["`db`: locked", "locked"]);
}

// ---- InitError ----

#[test]
fn init_error_without_other_failures_is_the_cause() {
    let err = InitError::new("Shop", "db", Phase::Init, chained("connect", "refused"), Vec::new());
    assert_eq!(err.to_string(), "Shop: init of component `db` failed: connect failed");
    assert_eq!(format!("{err:#}"), "Shop: init of component `db` failed: connect failed: refused");
    assert!(err.also_failed().is_empty());
    assert!(err.rollback_errors().is_empty());
}

#[test]
fn init_error_of_the_register_hook_names_the_hook() {
    let err = InitError::new("Shop", "wire", Phase::Register, chained("subscribe", "no bus"), Vec::new());
    assert_eq!(err.to_string(), "Shop: register hook `wire` failed: subscribe failed");
    assert_eq!(format!("{err:#}"), "Shop: register hook `wire` failed: subscribe failed: no bus");
}

#[test]
fn init_error_with_one_rollback_failure_says_one_component() {
    let err = InitError::new(
        "Shop",
        "db",
        Phase::Init,
        ComponentError::msg("refused"),
        vec![failure("cache", ComponentError::msg("x"))],
    );
    assert_eq!(
        err.to_string(),
        "Shop: init of component `db` failed: refused (rollback failed for 1 component: `cache`: x)"
    );
}

#[test]
fn init_error_with_rollback_failures_lists_them_without_a_stray_separator() {
    let err = InitError::new(
        "Shop",
        "db",
        Phase::Init,
        ComponentError::msg("refused"),
        vec![failure("cache", ComponentError::msg("x")), failure("log", ComponentError::msg("y"))],
    );
    let line = err.to_string();
    assert_eq!(
        line,
        "Shop: init of component `db` failed: refused (rollback failed for 2 components: `cache`: x; `log`: y)"
    );
    assert!(!line.contains(";)") && !line.ends_with(';'), "{line}");
}

#[test]
fn init_error_alternate_writes_the_chain_of_every_component() {
    let err = InitError::new(
        "Shop",
        "db",
        Phase::Init,
        chained("connect", "refused"),
        vec![failure("cache", chained("flush", "disk full")), failure("log", ComponentError::msg("closed"))],
    )
    .with_also_failed(vec![failure("queue", chained("bind", "port taken"))]);
    assert_eq!(
        err.to_string(),
        "Shop: init of component `db` failed: connect failed (1 other component failed too: `queue`: bind failed) \
         (rollback failed for 2 components: `cache`: flush failed; `log`: closed)"
    );
    assert_eq!(
        format!("{err:#}"),
        "Shop: init of component `db` failed: connect failed: refused \
         (1 other component failed too: `queue`: bind failed: port taken) \
         (rollback failed for 2 components: `cache`: flush failed: disk full; `log`: closed)"
    );
    assert!(!format!("{err:#}").contains('\n'));
}

#[test]
fn init_error_also_failed_holds_the_other_failures_of_the_step() {
    let err =
        InitError::new("Shop", "db", Phase::Init, ComponentError::msg("refused"), Vec::new()).with_also_failed(vec![
            failure("cache", ComponentError::msg("x")),
            failure("log", chained("open", "read-only")),
        ]);
    let names: Vec<_> = err.also_failed().iter().map(|f| f.component).collect();
    assert_eq!(names, ["cache", "log"]);
    assert_eq!(err.component(), "db", "the cause stays the cause");
    assert_eq!(err.cause().to_string(), "refused");
    assert!(err.rollback_errors().is_empty());
    assert_eq!(
        err.to_string(),
        "Shop: init of component `db` failed: refused (2 other components failed too: `cache`: x; `log`: open failed)"
    );
    assert_eq!(chain(&err.also_failed()[1]), ["`log`: open failed", "open failed", "read-only"]);

    // the builder replaces the list
    let err = err.with_also_failed(Vec::new());
    assert!(err.also_failed().is_empty());
    assert_eq!(err.to_string(), "Shop: init of component `db` failed: refused");
}

#[test]
fn init_error_source_is_the_cause_and_its_chain() {
    let err = InitError::new(
        "Shop",
        "db",
        Phase::Init,
        chained("connect", "refused"),
        vec![failure("cache", ComponentError::msg("x"))],
    )
    .with_also_failed(vec![failure("log", ComponentError::msg("y"))]);
    assert_eq!(chain(&err)[1..], ["connect failed", "refused"]);
    assert!(err.source().unwrap().is::<Step>());
}

#[test]
fn init_error_from_the_lifecycle_uses_the_new_form() {
    let mut rec = Rec::<3>::new();
    rec.plan(|p| {
        p.init[2] = Act::Fail;
        p.cleanup[0] = Act::Fail;
    });
    let err = rec.initialize().unwrap_err();
    assert_eq!(
        err.to_string(),
        "Rec: init of component `c` failed: c init failed (rollback failed for 1 component: `a`: a cleanup failed)"
    );
    assert_eq!(
        format!("{err:#}"),
        "Rec: init of component `c` failed: c init failed: disk on fire \
         (rollback failed for 1 component: `a`: a cleanup failed: disk on fire)"
    );
}

// ---- CleanupError ----

#[test]
fn cleanup_error_counts_components_in_the_singular_and_the_plural() {
    let one = CleanupError::new("Shop", vec![failure("db", ComponentError::msg("locked"))]);
    assert_eq!(one.to_string(), "Shop: cleanup failed for 1 component: `db`: locked");
    let two = CleanupError::new(
        "Shop",
        vec![failure("cache", ComponentError::msg("flush failed")), failure("db", ComponentError::msg("locked"))],
    );
    assert_eq!(two.to_string(), "Shop: cleanup failed for 2 components: `cache`: flush failed; `db`: locked");
    let none = CleanupError::new("Shop", Vec::new());
    assert_eq!(none.to_string(), "Shop: cleanup failed for 0 components");
}

#[test]
fn cleanup_error_alternate_writes_the_chain_of_every_component() {
    let err = CleanupError::new(
        "Shop",
        vec![failure("cache", chained("flush", "disk full")), failure("db", chained("close", "locked"))],
    );
    assert_eq!(err.to_string(), "Shop: cleanup failed for 2 components: `cache`: flush failed; `db`: close failed");
    assert_eq!(
        format!("{err:#}"),
        "Shop: cleanup failed for 2 components: `cache`: flush failed: disk full; `db`: close failed: locked"
    );
}

#[test]
fn cleanup_error_with_one_failure_has_its_chain_as_source() {
    let err = CleanupError::new("Shop", vec![failure("cache", chained("flush", "disk full"))]);
    assert_eq!(
        chain(&err),
        ["Shop: cleanup failed for 1 component: `cache`: flush failed", "flush failed", "disk full"]
    );
    assert!(err.source().unwrap().is::<Step>());
    assert!(err.source().unwrap().source().unwrap().is::<io::Error>());
}

#[test]
fn cleanup_error_with_several_failures_has_no_single_source() {
    let err = CleanupError::new(
        "Shop",
        vec![failure("cache", chained("flush", "disk full")), failure("db", ComponentError::msg("locked"))],
    );
    assert!(err.source().is_none());
    let chains: Vec<_> = err.errors().iter().map(|f| chain(f)).collect();
    assert_eq!(chains, [vec!["`cache`: flush failed", "flush failed", "disk full"], vec!["`db`: locked", "locked"]]);
}

#[test]
fn cleanup_error_from_the_lifecycle_uses_the_new_form() {
    let mut rec = Rec::<3>::new();
    rec.initialize().unwrap();
    rec.plan(|p| p.cleanup = vec![Act::Fail, Act::Ok, Act::Panic]);
    let err = rec.cleanup().unwrap_err();
    assert_eq!(
        err.to_string(),
        "Rec: cleanup failed for 2 components: `c`: panicked: c cleanup panicked; `a`: a cleanup failed"
    );
    assert_eq!(
        format!("{err:#}"),
        "Rec: cleanup failed for 2 components: `c`: panicked: c cleanup panicked; `a`: a cleanup failed: disk on fire"
    );
    assert!(err.source().is_none());
}
