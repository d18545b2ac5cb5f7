//! Events: two components raise events (`emits(..)`), the orchestrator handles them
//! (`#[orchestrate(on_event)]`), one sync handler returning a `Result` (its error is traced) and
//! one `async fn`. A `Fault` goes to supervision, which every orchestrator has.
use orchestrator::prelude::*;
use orchestrator::Fault;
pub struct Jobs {
    store: Store,
    worker: Worker,
    clock: Clock,
    lifecycle: Lifecycle,
}
const _: () = {
    use ::orchestrator::__private_0_1_0 as __private;
    use ::core::option::Option as __Option;
    use __private::AsyncComponentField as __Field;
    use __private::{NotAnOrchestrator as _, Probe as __P};
    const __N: __private::Nested = __private::Nested(
        __private::__nested_message!("Jobs"),
    );
    __private::__nested!(Store);
    __private::__nested!(Worker);
    __private::__nested!(Clock);
    #[automatically_derived]
    impl __private::DerivedOrchestrator for Jobs {
        const NAME: &'static str = "Jobs";
        const COMPONENTS: &'static [&'static str] = JobsComponent::NAMES;
        const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[0], &[]];
        const TYPES: &'static [&'static str] = &["Store", "Worker", "Clock"];
        const LINES: usize = 9;
        fn lifecycle(&self) -> &__private::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut __private::Lifecycle {
            &mut self.lifecycle
        }
    }
    #[automatically_derived]
    impl __private::AsyncComponents for Jobs {
        fn depth(&self) -> usize {
            2
        }
        fn level<'__a>(
            &'__a mut self,
            __level: usize,
            __pass: &'__a mut __private::Pass<'_>,
        ) -> impl ::core::future::Future<Output = ()> + ::core::marker::Send + '__a {
            async move {
                let __step = __pass.step();
                let __lifecycle = &mut self.lifecycle;
                match __level {
                    0 => {
                        let __s0 = ::core::pin::pin!(
                            __pass.start(__lifecycle, 0, | __lifecycle | < Store as
                            __Field > ::step(& mut self.store, __step))
                        );
                        let __s2 = ::core::pin::pin!(
                            __pass.start(__lifecycle, 2, | __lifecycle | < Clock as
                            __Field > ::step(& mut self.clock, __step))
                        );
                        __pass
                            .join(__lifecycle, &mut [(0, __s0 as _), (2, __s2 as _)])
                            .await;
                    }
                    1 => {
                        let __s1 = ::core::pin::pin!(
                            __pass.start(__lifecycle, 1, | __lifecycle | < Worker as
                            __Field > ::step(& mut self.worker, __step))
                        );
                        __pass.join(__lifecycle, &mut [(1, __s1 as _)]).await;
                    }
                    _ => {}
                }
            }
        }
        fn health(&self, index: usize) -> __Option<__private::Health> {
            match index {
                0 => <Store as __Field>::health(&self.store),
                1 => <Worker as __Field>::health(&self.worker),
                2 => <Clock as __Field>::health(&self.clock),
                _ => __Option::None,
            }
        }
        fn blocking(&self, index: usize) -> bool {
            match index {
                0 => <Store as __Field>::BLOCKING,
                1 => <Worker as __Field>::BLOCKING,
                2 => <Clock as __Field>::BLOCKING,
                _ => false,
            }
        }
        const EMITS: bool = true;
        fn connect(&self, link: &__private::Link<Self>) {
            __private::Emits::<JobDone>::events(&self.worker)
                .__connect(<Self as __private::Handles<JobDone>>::__sink(link, 1));
            __private::Emits::<Fault>::events(&self.worker)
                .__connect(<Self as __private::Handles<Fault>>::__sink(link, 1));
            __private::Emits::<Tick>::events(&self.clock)
                .__connect(<Self as __private::Handles<Tick>>::__sink(link, 2));
        }
    }
    __private::__not_a_component!({} Jobs, {});
};
impl Jobs {
    /** Creates a `Jobs` from its fields, in order: `store`, `worker`, `clock`; it starts `Created`.
 Inject test doubles here (make the struct generic over its component types).*/
    #[must_use]
    #[allow(private_interfaces)]
    pub fn from_parts(store: Store, worker: Worker, clock: Clock) -> Self {
        Self {
            store,
            worker,
            clock,
            lifecycle: ::core::default::Default::default(),
        }
    }
}
::orchestrator::__private_0_1_0::__component_keys!(
    pub JobsComponent of Jobs[Store = "store", Worker = "worker", Clock = "clock"]
);
impl Jobs {
    /// Submits a job.
    #[allow(
        clippy::used_underscore_items,
        clippy::let_unit_value,
        clippy::useless_conversion
    )]
    pub async fn submit(&mut self, job: Job) -> Result<u64, JobError> {
        ::orchestrator::__private_0_1_0::__coordinate!(
            async result, Self, "submit", self, | __not_ready |
            ::core::result::Result::Err(::orchestrator::__private_0_1_0::FromNotReady::from_not_ready(__not_ready)),
            {} Self::__orchestrate_submit(self, job)
        )
    }
    #[doc(hidden)]
    #[inline]
    #[allow(
        clippy::unnecessary_wraps,
        clippy::unused_self,
        clippy::trivially_copy_pass_by_ref,
        clippy::needless_pass_by_value,
        clippy::unused_async
    )]
    async fn __orchestrate_submit(&mut self, job: Job) -> Result<u64, JobError> {
        let id = self.store.save(&job).await?;
        self.worker.queue(id, job).await?;
        Ok(id)
    }
    #[allow(
        clippy::needless_pass_by_value,
        clippy::unnecessary_wraps,
        clippy::unused_self,
        clippy::unused_async
    )]
    fn on_done(&mut self, done: JobDone) -> Result<(), JobError> {
        self.store.finish(done.id)
    }
    #[allow(
        clippy::needless_pass_by_value,
        clippy::unnecessary_wraps,
        clippy::unused_self,
        clippy::unused_async
    )]
    async fn on_tick(&self, tick: Tick) {
        self.worker.expire(tick.at).await;
    }
}
#[allow(dead_code, clippy::extra_unused_type_parameters)]
const _: () = {
    fn __assert_parts() {
        let _ = <Jobs as ::orchestrator::__private_0_1_0::DerivedOrchestrator>::LINES;
    }
};
const _: () = ::core::assert!(
    < Jobs as ::orchestrator::__private_0_1_0::DerivedOrchestrator > ::LINES + 18usize <=
    < Jobs as ::orchestrator::__private_0_1_0::DerivedOrchestrator > ::MAX_LINES,
    "too_long: `Jobs` and its #[orchestrate] block (this block: 18 lines) are longer than max_lines; an orchestrator stays thin so its coordination reads at a glance. help: move logic into components or split the orchestrator, raise #[orchestrator(max_lines = N)], or #[orchestrate(allow(too_long))]"
);
const _: () = {
    use ::orchestrator::__private_0_1_0 as __private;
    impl __private::Handles<JobDone> for Jobs {
        fn __sink(link: &__private::Link<Self>, _: usize) -> __private::Sink<JobDone> {
            link.__immediate(
                "on_done",
                |this: &mut Self, event: JobDone| __private::HandlerOutcome::record(
                    this.on_done(event),
                    "Jobs",
                    "on_done",
                ),
            )
        }
    }
    impl __private::Handles<Tick> for Jobs {
        fn __sink(link: &__private::Link<Self>, _: usize) -> __private::Sink<Tick> {
            link.__shared(
                "on_tick",
                |this: &Self, event: Tick| -> __private::BoxFuture<'_, ()> {
                    __private::Box::pin(this.on_tick(event))
                },
            )
        }
    }
    use __private::NotAnOrchestrator as _;
    const _: () = ::core::assert!(
        ! < __private::Probe < Jobs >> ::S,
        "an event handler (`#[orchestrate(on_event)]`) needs an async orchestrator: `Jobs` is a sync one, and only an async orchestrator runs (`serve`) to receive calls and events. help: add `#[orchestrator(async)]` to the struct `Jobs`"
    );
};
