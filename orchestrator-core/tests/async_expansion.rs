//! The exact code the module docs of `orchestrator_core::asynchronous` say the derive generates
//! for the 3-component `Services` orchestrator, compiled and run (with `orchestrator_core` in
//! place of `orchestrator`).

use std::sync::{Arc, Mutex};

use orchestrator_core::{AsyncComponent, AsyncOrchestrator, Component, ComponentError, Lifecycle, State};

type Log = Arc<Mutex<Vec<&'static str>>>;

#[derive(Debug)]
struct ServicesConfig {
    port: u16,
}

struct DataService(Log);

impl AsyncComponent for DataService {
    async fn init(&mut self) -> Result<(), ComponentError> {
        self.0.lock().unwrap().push("init data");
        Ok(())
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.0.lock().unwrap().push("cleanup data");
        Ok(())
    }
}

struct SocketService(Log);

impl AsyncComponent for SocketService {
    async fn init(&mut self) -> Result<(), ComponentError> {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        self.0.lock().unwrap().push("init socket");
        Ok(())
    }
    async fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.0.lock().unwrap().push("cleanup socket");
        Ok(())
    }
}

/// A sync component in an async orchestrator.
struct PerformanceMonitor(Log);

impl Component for PerformanceMonitor {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.0.lock().unwrap().push("init perf");
        Ok(())
    }
    fn cleanup(&mut self) -> Result<(), ComponentError> {
        self.0.lock().unwrap().push("cleanup perf");
        Ok(())
    }
}

struct Services {
    config: ServicesConfig,
    data: DataService,
    socket: SocketService,
    performance: PerformanceMonitor,
    lifecycle: Lifecycle,
}

impl Services {
    async fn wire(&mut self) -> Result<(), ComponentError> {
        self.data.0.lock().unwrap().push("wire");
        Ok(())
    }
}

// ---- generated (see the module docs), `::orchestrator` -> `::orchestrator_core` ----
const _: () = {
    use ::orchestrator_core::__private as __p;

    #[automatically_derived]
    impl __p::Parts for Services {
        fn lifecycle(&self) -> &__p::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut __p::Lifecycle {
            &mut self.lifecycle
        }
    }

    impl __p::AsyncParts for Services {
        const NAME: &'static str = "Services";
        const COMPONENTS: &'static [&'static str] = &["data", "socket", "perf"];
        const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[0], &[]];
        const TYPES: &'static [&'static str] = &["DataService", "SocketService", "PerformanceMonitor"];
        const TIMEOUTS_MS: &'static [::core::option::Option<u64>] =
            &[::core::option::Option::None, ::core::option::Option::Some(500), ::core::option::Option::None];
        const REGISTER: &'static str = "wire";

        fn split(&mut self) -> (&mut __p::Lifecycle, __p::Vec<&mut dyn __p::DynAsyncComponent>) {
            (&mut self.lifecycle, __p::vec![&mut self.data, &mut self.socket, &mut self.performance])
        }
        fn component(&self, index: usize) -> ::core::option::Option<&dyn __p::DynAsyncComponent> {
            match index {
                0 => ::core::option::Option::Some(&self.data),
                1 => ::core::option::Option::Some(&self.socket),
                2 => ::core::option::Option::Some(&self.performance),
                _ => ::core::option::Option::None,
            }
        }
        fn register(&mut self) -> __p::BoxFuture<'_, ::core::result::Result<(), __p::ComponentError>> {
            __p::Box::pin(Self::wire(self))
        }
        fn config(&self) -> ::core::option::Option<&dyn ::core::fmt::Debug> {
            ::core::option::Option::Some(&self.config)
        }
    }

    // The derive emits this unconditionally when a component has a timeout; here it is gated so
    // that the file also builds (and shows the runtime fallback) without the feature.
    #[cfg(feature = "tokio")]
    const _: () = ::core::assert!(
        __p::TIMEOUTS_SUPPORTED,
        "`timeout_ms` needs the `tokio` feature of `orchestrator`: enable it in Cargo.toml"
    );
};
// ---- end of generated code ----

fn services() -> (Services, Log) {
    let log = Log::default();
    let services = Services {
        config: ServicesConfig { port: 8080 },
        data: DataService(log.clone()),
        socket: SocketService(log.clone()),
        performance: PerformanceMonitor(log.clone()),
        lifecycle: Lifecycle::new(),
    };
    (services, log)
}

#[tokio::test]
async fn the_documented_expansion_runs() {
    let (mut services, log) = services();
    let result = services.initialize().await;
    if cfg!(feature = "tokio") {
        result.unwrap();
        assert_eq!(*log.lock().unwrap(), ["init data", "init perf", "init socket", "wire"]);
        let status = services.status();
        assert_eq!(status.state, State::Ready);
        assert_eq!(status.config.as_deref(), Some("ServicesConfig { port: 8080 }"));
        let types: Vec<_> = status.components.iter().map(|c| (c.name, c.type_name)).collect();
        assert_eq!(types, [("data", "DataService"), ("socket", "SocketService"), ("perf", "PerformanceMonitor")]);
        log.lock().unwrap().clear();
        services.cleanup().await.unwrap();
        // socket (level 1), then perf and data (level 0) together.
        assert_eq!(*log.lock().unwrap(), ["cleanup socket", "cleanup data", "cleanup perf"]);
        assert_eq!(services.state(), State::Stopped);
    } else {
        let err = result.unwrap_err();
        assert_eq!(err.component(), "socket");
        assert_eq!(err.cause().to_string(), "timeout_ms = 500 needs the `tokio` feature of orchestrator");
        assert_eq!(
            *log.lock().unwrap(),
            ["init data", "init perf", "cleanup data", "cleanup perf"],
            "level 0 started, then rolled back"
        );
    }
}

#[test]
fn the_probe_tells_async_orchestrators_apart() {
    use orchestrator_core::__private::{AsyncProbe, NotAnAsyncOrchestrator as _};
    const { assert!(<AsyncProbe<Services>>::NESTED) };
    const { assert!(!<AsyncProbe<DataService>>::NESTED) };
    assert_eq!(services().0.config.port, 8080);
}
