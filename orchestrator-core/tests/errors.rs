//! `ComponentError` as a value: its one-line and alternate messages, and its conversions into
//! the error types of an application.

mod common;

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::io;

use common::{Act, Rec};
use orchestrator_core::{ComponentError, InitError, NotReady, Orchestrator, Phase, State};

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
