//! An async orchestrator: its components initialize level by level of the `after(...)` graph,
//! one with a timeout (`timeout_ms`, which needs the `tokio` feature); an async register hook;
//! and an `#[orchestrate]` block with an async coordination method.
use orchestrator::prelude::*;
pub struct Services {
    database: Database,
    server: HttpServer,
    lifecycle: Lifecycle,
}
const _: () = {
    use ::orchestrator::__private_0_1_0 as __private;
    use ::core::option::Option as __Option;
    use __private::AsyncComponentField as __Field;
    use __private::{NotAnOrchestrator as _, Probe as __P};
    const __N: __private::Nested = __private::Nested(
        __private::__nested_message!("Services"),
    );
    __private::__nested!(Database);
    __private::__nested!(HttpServer);
    #[automatically_derived]
    impl __private::DerivedOrchestrator for Services {
        const NAME: &'static str = "Services";
        const COMPONENTS: &'static [&'static str] = ServicesComponent::NAMES;
        const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[0]];
        const TYPES: &'static [&'static str] = &["Database", "HttpServer"];
        const REGISTER: &'static str = "Self::wire";
        const LINES: usize = 7;
        fn lifecycle(&self) -> &__private::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut __private::Lifecycle {
            &mut self.lifecycle
        }
    }
    #[automatically_derived]
    impl __private::AsyncComponents for Services {
        const TIMEOUTS_MS: &'static [__Option<u64>] = &[
            __Option::Some(500),
            __Option::None,
        ];
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
                            __pass.start(__lifecycle, 0, | __lifecycle | < Database as
                            __Field > ::step(& mut self.database, __step))
                        );
                        __pass.join(__lifecycle, &mut [(0, __s0 as _)]).await;
                    }
                    1 => {
                        let __s1 = ::core::pin::pin!(
                            __pass.start(__lifecycle, 1, | __lifecycle | < HttpServer as
                            __Field > ::step(& mut self.server, __step))
                        );
                        __pass.join(__lifecycle, &mut [(1, __s1 as _)]).await;
                    }
                    _ => {}
                }
            }
        }
        fn health(&self, index: usize) -> __Option<__private::Health> {
            match index {
                0 => <Database as __Field>::health(&self.database),
                1 => <HttpServer as __Field>::health(&self.server),
                _ => __Option::None,
            }
        }
        fn blocking(&self, index: usize) -> bool {
            match index {
                0 => <Database as __Field>::BLOCKING,
                1 => <HttpServer as __Field>::BLOCKING,
                _ => false,
            }
        }
        fn register<'__a>(
            &'__a mut self,
        ) -> __private::BoxFuture<
            '__a,
            ::core::result::Result<(), __private::ComponentError>,
        > {
            let __hook: fn(&'__a mut Self) -> _ = Self::wire;
            __private::RegisterFuture::boxed(__hook(self))
        }
    }
    __private::__not_a_component!({} Services, {});
    const _: () = ::core::assert!(
        __private::TIMEOUTS_SUPPORTED,
        "`timeout_ms` needs the `tokio` feature of `orchestrator-pattern`: enable it in Cargo.toml"
    );
    __private::__check_timeout!("Services", "database", Database);
};
impl Services {
    /** Creates a `Services` from its fields, in order: `database`, `server`; it starts `Created`.
 Inject test doubles here (make the struct generic over its component types).*/
    #[must_use]
    #[allow(private_interfaces)]
    pub fn from_parts(database: Database, server: HttpServer) -> Self {
        Self {
            database,
            server,
            lifecycle: ::core::default::Default::default(),
        }
    }
}
::orchestrator::__private_0_1_0::__component_keys!(
    pub ServicesComponent of Services[Database = "database", Server = "http"]
);
impl Services {
    /// Answers one request from the database.
    #[allow(
        clippy::used_underscore_items,
        clippy::let_unit_value,
        clippy::useless_conversion
    )]
    pub async fn handle(&self, request: Request) -> Result<Response, NotReady> {
        ::orchestrator::__private_0_1_0::__coordinate!(
            async result, Self, "handle", self, | __not_ready |
            ::core::result::Result::Err(::orchestrator::__private_0_1_0::FromNotReady::from_not_ready(__not_ready)),
            {} Self::__orchestrate_handle(self, request)
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
    async fn __orchestrate_handle(
        &self,
        request: Request,
    ) -> Result<Response, NotReady> {
        let rows = self.database.query(&request).await;
        Ok(self.server.respond(rows))
    }
    async fn wire(&mut self) -> Result<(), ComponentError> {
        self.server.mount(&self.database);
        Ok(())
    }
}
#[allow(dead_code, clippy::extra_unused_type_parameters)]
const _: () = {
    fn __assert_parts() {
        let _ = <Services as ::orchestrator::__private_0_1_0::DerivedOrchestrator>::LINES;
    }
};
const _: () = ::core::assert!(
    < Services as ::orchestrator::__private_0_1_0::DerivedOrchestrator > ::LINES +
    13usize <= < Services as ::orchestrator::__private_0_1_0::DerivedOrchestrator >
    ::MAX_LINES,
    "too_long: `Services` and its #[orchestrate] block (this block: 13 lines) are longer than max_lines; an orchestrator stays thin so its coordination reads at a glance. help: move logic into components or split the orchestrator, raise #[orchestrator(max_lines = N)], or #[orchestrate(allow(too_long))]"
);
