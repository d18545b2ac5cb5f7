//! Runtime behaviour of `#[orchestrate]` coordination methods: the readiness guard, the body
//! running only when `Ready`, `return` / `?` kept intact, `async` methods.

use std::cell::Cell;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use orchestrator::prelude::*;

/// Counts the calls that reached it.
#[derive(Debug, Default)]
struct Counter {
    calls: Rc<Cell<u32>>,
    fail_init: bool,
}

impl Component for Counter {
    fn init(&mut self) -> Result<(), ComponentError> {
        if self.fail_init { Err("refused".into()) } else { Ok(()) }
    }
}

impl Counter {
    fn hit(&self) -> u32 {
        self.calls.set(self.calls.get() + 1);
        self.calls.get()
    }

    async fn hit_later(&self) -> u32 {
        std::future::ready(()).await;
        self.hit()
    }
}

#[derive(Debug, PartialEq)]
enum AppError {
    NotReady(NotReady),
    Invalid(u32),
}

impl From<NotReady> for AppError {
    fn from(e: NotReady) -> Self {
        AppError::NotReady(e)
    }
}

/// An error type with neither `Display` nor `Debug`: recorded by its type name.
struct Opaque;

impl From<NotReady> for Opaque {
    fn from(_: NotReady) -> Self {
        Opaque
    }
}

#[derive(Orchestrator)]
struct Shop {
    #[component]
    first: Counter,
    #[component]
    second: Counter,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Shop {
    fn build(fail_init: bool) -> (Self, Rc<Cell<u32>>) {
        let calls = Rc::new(Cell::new(0));
        let first = Counter { calls: calls.clone(), fail_init: false };
        let second = Counter { calls: calls.clone(), fail_init };
        (Shop::from_parts(first, second), calls)
    }

    pub fn checkout(&mut self, amount: u32) -> Result<u32, AppError> {
        if amount == 0 {
            return Err(AppError::Invalid(amount));
        }
        let n = self.first.hit();
        let checked: Result<u32, AppError> = Ok(self.second.hit());
        let m = checked?;
        Ok(n.max(m))
    }

    pub fn peek(&self) -> u32 {
        self.first.hit()
    }

    pub fn opaque(&self) -> Result<u32, Opaque> {
        if self.first.hit() > 100 { Err(Opaque) } else { Ok(1) }
    }

    pub fn into_count(self) -> u32 {
        self.second.hit()
    }

    pub async fn fetch(&self) -> Result<u32, AppError> {
        Ok(self.first.hit_later().await)
    }

    pub async fn fetch_or_panic(&mut self) -> u32 {
        self.second.hit_later().await
    }

    pub(crate) fn crate_checkout(&mut self) -> Result<u32, AppError> {
        Ok(self.first.hit())
    }

    pub(crate) fn crate_peek(&self) -> u32 {
        self.second.hit()
    }
}

struct Noop;
impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

fn block_on<F: Future>(future: F) -> F::Output {
    let waker = Waker::from(Arc::new(Noop));
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

#[test]
fn result_method_returns_not_ready_without_running_the_body() {
    let (mut shop, calls) = Shop::build(false);
    let error = shop.checkout(5).unwrap_err();
    let AppError::NotReady(not_ready) = error else { panic!("expected NotReady, got {error:?}") };
    assert_eq!((not_ready.orchestrator(), not_ready.method(), not_ready.state()), ("Shop", "checkout", State::Created));
    assert_eq!(
        not_ready.to_string(),
        "Shop::checkout called while the orchestrator is Created: call initialize() first"
    );
    assert_eq!(calls.get(), 0, "the body must not run");
    assert!(shop.opaque().is_err());
    assert_eq!(calls.get(), 0);
}

#[test]
fn other_methods_panic_naming_orchestrator_method_and_state() {
    let (shop, calls) = Shop::build(false);
    let payload = catch_unwind(AssertUnwindSafe(|| shop.peek())).unwrap_err();
    assert_eq!(
        panic_message(&*payload),
        "Shop::peek called while the orchestrator is Created: call initialize() first"
    );
    let payload = catch_unwind(AssertUnwindSafe(|| shop.into_count())).unwrap_err();
    assert!(panic_message(&*payload).starts_with("Shop::into_count called while the orchestrator is Created"));
    assert_eq!(calls.get(), 0);
}

#[test]
fn crate_visible_methods_are_guarded_too() {
    let (mut shop, calls) = Shop::build(false);
    let Err(AppError::NotReady(not_ready)) = shop.crate_checkout() else { panic!("expected NotReady") };
    assert_eq!((not_ready.method(), not_ready.state()), ("crate_checkout", State::Created));
    let payload = catch_unwind(AssertUnwindSafe(|| shop.crate_peek())).unwrap_err();
    assert!(panic_message(&*payload).starts_with("Shop::crate_peek called while the orchestrator is Created"));
    assert_eq!(calls.get(), 0, "the bodies must not run");
    shop.initialize().unwrap();
    assert_eq!(shop.crate_checkout(), Ok(1));
    assert_eq!(shop.crate_peek(), 2);
}

#[test]
fn ready_methods_run_with_return_and_question_mark_intact() {
    let (mut shop, calls) = Shop::build(false);
    shop.initialize().unwrap();
    assert_eq!(shop.checkout(5), Ok(2));
    assert_eq!(shop.checkout(0), Err(AppError::Invalid(0)));
    assert_eq!(shop.peek(), 3);
    assert!(shop.opaque().is_ok());
    assert_eq!(calls.get(), 4);
    assert_eq!(shop.into_count(), 5);
}

#[test]
fn stopped_and_failed_orchestrators_are_not_ready() {
    let (mut shop, _) = Shop::build(false);
    shop.initialize().unwrap();
    shop.cleanup().unwrap();
    let Err(AppError::NotReady(e)) = shop.checkout(1) else { panic!("expected NotReady") };
    assert_eq!(e.state(), State::Stopped);

    let (mut failed, calls) = Shop::build(true);
    assert!(failed.initialize().is_err());
    let Err(AppError::NotReady(e)) = failed.checkout(1) else { panic!("expected NotReady") };
    assert_eq!(e.state(), State::Failed);
    assert!(e.to_string().contains("its initialization failed"), "{e}");
    let payload = catch_unwind(AssertUnwindSafe(|| failed.peek())).unwrap_err();
    assert!(panic_message(&*payload).contains("Shop::peek called while the orchestrator is Failed"));
    assert_eq!(calls.get(), 0);
}

#[test]
fn async_methods_are_guarded_and_run() {
    let (mut shop, calls) = Shop::build(false);
    assert!(matches!(block_on(shop.fetch()), Err(AppError::NotReady(_))));
    let payload = catch_unwind(AssertUnwindSafe(|| block_on(shop.fetch_or_panic()))).unwrap_err();
    assert!(panic_message(&*payload).starts_with("Shop::fetch_or_panic called while the orchestrator is Created"));
    assert_eq!(calls.get(), 0);
    shop.initialize().unwrap();
    assert_eq!(block_on(shop.fetch()), Ok(1));
    assert_eq!(block_on(shop.fetch_or_panic()), 2);
}

#[test]
fn the_call_records_outcomes() {
    use orchestrator::__private_0_1_0::{Call, Outcome, RecordAny as _};
    let call = Call::new("Shop", "checkout");
    assert_eq!((call.orchestrator(), call.method()), ("Shop", "checkout"));
    let _entered = call.enter();
    // `Display` errors take the inherent `record`, the others the `RecordAny` fallback.
    assert_eq!(Outcome(Err::<u8, String>("no".into())).record(&call), Err("no".to_owned()));
    assert!(Outcome(Err::<u8, Opaque>(Opaque)).record(&call).is_err());
    assert_eq!(block_on(call.instrument(async { 7 })), 7);
}

/// An orchestrator whose register hook calls its own coordination methods: every component is
/// initialized then, so the guard lets the calls through.
#[derive(Orchestrator)]
#[orchestrator(register = Self::wire)]
struct SelfWiring {
    #[component]
    first: Counter,
    #[component]
    second: Counter,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl SelfWiring {
    pub fn ping(&self) -> Result<u32, AppError> {
        Ok(self.first.hit())
    }

    pub fn poke(&self) -> u32 {
        self.second.hit()
    }

    fn wire(&mut self) -> Result<(), AppError> {
        self.ping()?;
        self.poke();
        Ok(())
    }
}

impl From<AppError> for ComponentError {
    fn from(error: AppError) -> Self {
        ComponentError::msg(format!("{error:?}"))
    }
}

#[test]
fn the_register_hook_may_call_coordination_methods() {
    let (first, second) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
    let mut wiring = SelfWiring::from_parts(
        Counter { calls: Rc::clone(&first), fail_init: false },
        Counter { calls: Rc::clone(&second), fail_init: false },
    );
    wiring.initialize().expect("the hook's calls pass the guard");
    assert_eq!((first.get(), second.get()), (1, 1));
    assert_eq!(wiring.state(), State::Ready);

    // Outside the hook the guard holds again: after cleanup the calls are refused.
    wiring.cleanup().unwrap();
    assert!(matches!(wiring.ping(), Err(AppError::NotReady(_))));
    assert_eq!(first.get(), 1);
}

// ---- the guard decided by the return type, through aliases -------------------------------

/// The orchestrator reached through a type alias, with methods returning a `Result` alias.
type Depot = Shop;
type Res<T> = Result<T, AppError>;

#[orchestrate]
impl Depot {
    /// A `Result` behind an alias: `Err(NotReady.into())` before `initialize()`.
    pub fn stock(&mut self) -> Res<u32> {
        Ok(self.first.hit())
    }

    /// Not a `Result`: a panic naming the orchestrator by its `NAME`, not the alias.
    pub fn label(&self) -> String {
        format!("{} calls", self.first.hit())
    }
}

#[test]
fn a_result_alias_returns_not_ready_and_messages_name_the_orchestrator() {
    let (mut shop, calls) = Shop::build(false);
    let err = shop.stock().expect_err("not ready yet");
    assert_eq!(err, AppError::NotReady(NotReady::new("Shop", "stock", State::Created)));
    let panic = catch_unwind(AssertUnwindSafe(|| shop.label())).expect_err("a plain method panics");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.starts_with("Shop::label called while the orchestrator is Created"), "{message}");
    assert_eq!(calls.get(), 0, "no body ran");
    shop.initialize().unwrap();
    assert_eq!(shop.stock(), Ok(1));
}
