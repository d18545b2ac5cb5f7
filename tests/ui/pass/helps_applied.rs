//! The misuse cases' helps, followed literally: each module is one compile-fail case of
//! `tests/ui` (named on it) with the change its error's help asks for, and it must compile.
#![allow(dead_code)]

/// `misuse/crate_package_name.rs`: "remove `crate = orchestrator_pattern`".
mod crate_package_name {
    use orchestrator::prelude::*;

    struct Database;
    impl Component for Database {}

    #[derive(Orchestrator)]
    struct Services {
        #[component]
        database: Database,
        #[component]
        cache: Database,
        lifecycle: Lifecycle,
    }

    /// `orchestrate_misuse/orchestrate_crate_package_name.rs`, the same help.
    #[orchestrate]
    impl Services {
        pub fn check(&self) -> Result<(), NotReady> {
            Ok(())
        }
    }

    pub fn run() {
        let mut services = Services::from_parts(Database, Database);
        services.initialize().unwrap();
        services.check().unwrap();
    }
}

/// `dependencies/uses_twice_the_same.rs`: "remove the second `database`".
mod uses_twice_the_same {
    use orchestrator::prelude::*;

    struct Database;
    impl Component for Database {}

    struct Worker;
    impl<'a> Uses<&'a Database> for Worker {}

    #[derive(Orchestrator)]
    struct Jobs {
        #[component]
        database: Database,
        #[component(uses(database))]
        worker: Worker,
        lifecycle: Lifecycle,
    }

    pub fn run() {
        Jobs::from_parts(Database, Worker).initialize().unwrap();
    }
}

/// `dependencies/uses_given_twice.rs`: "write them as one, `uses(database, cache)`".
mod uses_given_twice {
    use orchestrator::prelude::*;

    struct Database;
    impl Component for Database {}
    struct Cache;
    impl Component for Cache {}

    struct Worker;
    impl<'a> Uses<(&'a Database, &'a Cache)> for Worker {}

    #[derive(Orchestrator)]
    struct Jobs {
        #[component]
        database: Database,
        #[component]
        cache: Cache,
        #[component(uses(database, cache))]
        worker: Worker,
        lifecycle: Lifecycle,
    }

    pub fn run() {
        Jobs::from_parts(Database, Cache, Worker).initialize().unwrap();
    }
}

/// `dependencies/uses_not_a_list.rs`: "write `uses(database)`".
mod uses_not_a_list {
    use orchestrator::prelude::*;

    struct Database;
    impl Component for Database {}

    struct Worker;
    impl<'a> Uses<&'a Database> for Worker {}

    #[derive(Orchestrator)]
    struct Jobs {
        #[component]
        database: Database,
        #[component(uses(database))]
        worker: Worker,
        lifecycle: Lifecycle,
    }

    pub fn run() {
        Jobs::from_parts(Database, Worker).initialize().unwrap();
    }
}

/// `dependencies/uses_the_config.rs`: "remove `settings` from `uses(...)` (and `uses()` once it
/// is empty); a component that needs the config implements `Component` and
/// `FromConfig<Config>`, and `#[orchestrator(from_config)]` builds it".
mod uses_the_config {
    use orchestrator::prelude::*;

    #[derive(Debug)]
    struct Settings {
        url: String,
    }

    struct Database;
    impl Component for Database {}
    impl FromConfig<Settings> for Database {
        fn from_config(_: &Settings) -> Self {
            Database
        }
    }

    struct Worker {
        url: String,
    }
    impl Component for Worker {}
    impl FromConfig<Settings> for Worker {
        fn from_config(settings: &Settings) -> Self {
            Worker { url: settings.url.clone() }
        }
    }

    #[derive(Orchestrator)]
    #[orchestrator(from_config)]
    struct Jobs {
        #[orchestrator(config)]
        settings: Settings,
        #[component]
        database: Database,
        #[component]
        worker: Worker,
        lifecycle: Lifecycle,
    }

    pub fn run() {
        let mut jobs = Jobs::from_config(Settings { url: "sqlite::memory:".into() });
        jobs.initialize().unwrap();
        assert_eq!(jobs.worker.url, "sqlite::memory:");
    }
}

/// `misuse/max_components_string.rs`: "write `max_components = 9`".
mod max_components_string {
    use orchestrator::prelude::*;

    struct Part;
    impl Component for Part {}

    #[derive(Orchestrator)]
    #[orchestrator(max_components = 9)]
    struct Wide {
        #[component]
        c1: Part,
        #[component]
        c2: Part,
        #[component]
        c3: Part,
        #[component]
        c4: Part,
        #[component]
        c5: Part,
        #[component]
        c6: Part,
        #[component]
        c7: Part,
        #[component]
        c8: Part,
        #[component]
        c9: Part,
        lifecycle: Lifecycle,
    }
}

/// `misuse/timeout_negative.rs`: "write a timeout in milliseconds, `timeout_ms = 500`, or
/// remove `timeout_ms` for none".
mod timeout_negative {
    use orchestrator::async_prelude::*;

    struct Fetcher;
    impl AsyncComponent for Fetcher {}

    #[derive(Orchestrator)]
    #[orchestrator(async)]
    struct Crawler {
        #[component(timeout_ms = 500)]
        fetcher: Fetcher,
        #[component]
        parser: Fetcher,
        lifecycle: Lifecycle,
    }

    #[derive(Orchestrator)]
    #[orchestrator(async)]
    struct Untimed {
        #[component]
        fetcher: Fetcher,
        #[component]
        parser: Fetcher,
        lifecycle: Lifecycle,
    }
}

/// `misuse/from_config_unmarked_config.rs`: "mark it: `#[orchestrator(config)]` above
/// `settings`".
mod from_config_unmarked_config {
    use orchestrator::prelude::*;

    #[derive(Debug)]
    struct Settings;

    struct Database;
    impl Component for Database {}
    impl FromConfig<Settings> for Database {
        fn from_config(_: &Settings) -> Self {
            Database
        }
    }

    #[derive(Orchestrator)]
    #[orchestrator(from_config = from_settings)]
    struct Services {
        #[orchestrator(config)]
        settings: Settings,
        #[component]
        database: Database,
        #[component]
        cache: Database,
        lifecycle: Lifecycle,
    }

    pub fn run() {
        Services::from_settings(Settings).initialize().unwrap();
    }
}

/// `misuse/from_parts_new_and_own_new.rs`: the generated constructor and the user's `new`
/// named apart (the user's `new` stays, `from_parts = new` goes).
mod from_parts_new_and_own_new {
    use orchestrator::prelude::*;

    struct Database;
    impl Component for Database {}

    #[derive(Orchestrator)]
    struct Services {
        #[component]
        database: Database,
        #[component]
        cache: Database,
        lifecycle: Lifecycle,
    }

    impl Services {
        pub fn new() -> Self {
            Self::from_parts(Database, Database)
        }
    }

    pub fn run() {
        Services::new().initialize().unwrap();
    }
}

/// `misuse/allow_on_field.rs`: "move this `#[orchestrator(allow(...))]` above the struct".
mod allow_on_field {
    use orchestrator::prelude::*;

    struct Database;
    impl Component for Database {}

    #[derive(Orchestrator)]
    #[orchestrator(allow(orchestrator_state))]
    struct Services {
        #[component]
        database: Database,
        #[component]
        cache: Database,
        requests: u64,
        lifecycle: Lifecycle,
    }

    pub fn run() {
        let mut services = Services::from_parts(Database, Database, 0);
        services.initialize().unwrap();
        assert_eq!(services.requests, 0);
    }
}

/// `orchestrate_misuse/orchestrate_method_allow_struct_rule.rs`: "allow it on the struct:
/// `#[orchestrator(allow(...))]`".
mod orchestrate_method_allow_struct_rule {
    use orchestrator::prelude::*;

    struct Database;
    impl Component for Database {}

    #[derive(Orchestrator)]
    #[orchestrator(allow(too_many_components))]
    struct Services {
        #[component]
        database: Database,
        #[component]
        cache: Database,
        lifecycle: Lifecycle,
    }

    #[orchestrate]
    impl Services {
        pub fn check(&self) -> Result<(), NotReady> {
            Ok(())
        }
    }
}

/// `misuse/register_async_on_sync.rs`: "an `async fn` hook needs an async orchestrator: write
/// `async` in its `#[orchestrator(...)]`".
mod register_async_on_sync {
    use orchestrator::async_prelude::*;

    struct Database;
    impl Component for Database {}

    #[derive(Orchestrator)]
    #[orchestrator(async, register = Self::wire)]
    struct Services {
        #[component]
        database: Database,
        #[component]
        cache: Database,
        lifecycle: Lifecycle,
    }

    impl Services {
        async fn wire(&mut self) -> Result<(), ComponentError> {
            Ok(())
        }
    }

    pub fn run() {
        let mut services = Services::from_parts(Database, Database);
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(services.initialize()).unwrap();
        assert_eq!(services.state(), State::Ready);
    }
}

/// `dependencies/uses_static_lifetime.rs`: "write the impl with a lifetime parameter, `impl<'a>
/// Uses<&'a ..> for Worker` ...; to keep something of a dependency past `init`, keep it by value:
/// clone what it needs, or an `Arc` handle the dependency hands out".
mod uses_static_lifetime {
    use std::sync::Arc;

    use orchestrator::prelude::*;

    struct Database {
        pool: Arc<String>,
    }
    impl Component for Database {}

    #[derive(Default)]
    struct Worker {
        pool: Option<Arc<String>>,
    }
    impl<'a> Uses<&'a Database> for Worker {
        fn init(&mut self, db: &'a Database) -> Result<(), ComponentError> {
            self.pool = Some(Arc::clone(&db.pool));
            Ok(())
        }
    }

    #[derive(Orchestrator)]
    struct Jobs {
        #[component]
        database: Database,
        #[component(uses(database))]
        worker: Worker,
        lifecycle: Lifecycle,
    }

    pub fn run() {
        let database = Database { pool: Arc::new("sqlite::memory:".into()) };
        let mut jobs = Jobs::from_parts(database, Worker::default());
        jobs.initialize().unwrap();
        assert_eq!(jobs.worker.pool.as_deref().map(String::as_str), Some("sqlite::memory:"));
    }
}

/// `dependencies/uses_generic_without_bound.rs`: rustc's help, `W: for<'a>
/// orchestrator::Uses<&'a Database>` on the struct (the error's note says the same).
mod uses_generic_without_bound {
    use orchestrator::prelude::*;

    struct Database;
    impl Component for Database {}

    #[derive(Orchestrator)]
    struct Jobs<W: for<'a> orchestrator::Uses<&'a Database>> {
        #[component]
        database: Database,
        #[component(uses(database))]
        worker: W,
        lifecycle: Lifecycle,
    }

    struct Worker;
    impl<'a> Uses<&'a Database> for Worker {}

    pub fn run() {
        Jobs::from_parts(Database, Worker).initialize().unwrap();
    }
}

/// `dependencies/uses_generic_without_bound_async.rs`: "a type parameter of the struct is
/// bounded where it is declared, `W: for<'a> AsyncUses<&'a Database>`".
mod uses_generic_without_bound_async {
    use orchestrator::async_prelude::*;

    struct Database;
    impl AsyncComponent for Database {}

    #[derive(Orchestrator)]
    #[orchestrator(async)]
    struct Jobs<W: for<'a> AsyncUses<&'a Database>> {
        #[component]
        database: Database,
        #[component(uses(database))]
        worker: W,
        lifecycle: Lifecycle,
    }

    struct Worker;
    impl<'a> AsyncUses<&'a Database> for Worker {}

    pub fn run() {
        let jobs = Jobs::from_parts(Database, Worker);
        assert_eq!(jobs.state(), State::Created);
    }
}

/// `misuse/async_generic_without_bound.rs`: "a type parameter of the struct is bounded where it
/// is declared, `C: AsyncComponent`".
mod async_generic_without_bound {
    use orchestrator::async_prelude::*;

    struct Database;
    impl AsyncComponent for Database {}

    #[derive(Orchestrator)]
    #[orchestrator(async)]
    struct Services<C: AsyncComponent> {
        #[component]
        database: Database,
        #[component]
        cache: C,
        lifecycle: Lifecycle,
    }

    pub fn run() {
        let services = Services::from_parts(Database, Database);
        assert_eq!(services.state(), State::Created);
    }
}

/// `misuse/async_component_in_sync_orchestrator.rs`: "add `async` to the struct's
/// `#[orchestrator(...)]` (its lifecycle is then `initialize().await`)".
mod async_component_in_sync_orchestrator {
    use orchestrator::async_prelude::*;

    struct Database;
    impl Component for Database {}

    struct Pool;
    impl AsyncComponent for Pool {}

    #[derive(Orchestrator)]
    #[orchestrator(async)]
    struct Services {
        #[component]
        database: Database,
        #[component]
        pool: Pool,
        lifecycle: Lifecycle,
    }

    pub fn run() {
        let mut services = Services::from_parts(Database, Pool);
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(services.initialize()).unwrap();
    }
}

/// `misuse/async_timeout_on_sync_uses.rs`: "implement `AsyncUses` for it in place of `Uses`".
mod async_timeout_on_sync_uses {
    use orchestrator::async_prelude::*;

    #[derive(Default)]
    struct Database;
    impl AsyncComponent for Database {}

    #[derive(Default)]
    struct Indexer;
    impl<'a> AsyncUses<&'a Database> for Indexer {}

    #[derive(Orchestrator)]
    #[orchestrator(async)]
    struct Crawler {
        #[component]
        database: Database,
        #[component(uses(database), timeout_ms = 500)]
        indexer: Indexer,
        lifecycle: Lifecycle,
    }

    pub fn run() {
        let mut crawler = Crawler::from_parts(Database, Indexer);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        runtime.block_on(crawler.initialize()).unwrap();
    }
}

/// `misuse/async_component_not_send.rs`: rustc's "within `Services`, the trait `Send` is not
/// implemented for `Rc<Vec<String>>`" (required because it appears within `Cache`), with the
/// `Rc` made an `Arc`.
mod async_component_not_send {
    use std::sync::Arc;

    use orchestrator::async_prelude::*;

    struct Database;
    impl Component for Database {}

    struct Cache {
        entries: Arc<Vec<String>>,
    }
    impl Component for Cache {}

    #[derive(Orchestrator)]
    #[orchestrator(async)]
    struct Services {
        #[component]
        database: Database,
        #[component]
        cache: Cache,
        lifecycle: Lifecycle,
    }

    pub fn run() {
        let services = Services::from_parts(Database, Cache { entries: Arc::default() });
        assert!(services.cache.entries.is_empty());
    }
}

fn main() {
    crate_package_name::run();
    uses_twice_the_same::run();
    uses_given_twice::run();
    uses_not_a_list::run();
    uses_the_config::run();
    from_config_unmarked_config::run();
    from_parts_new_and_own_new::run();
    allow_on_field::run();
    register_async_on_sync::run();
    uses_static_lifetime::run();
    uses_generic_without_bound::run();
    uses_generic_without_bound_async::run();
    async_generic_without_bound::run();
    async_component_in_sync_orchestrator::run();
    async_timeout_on_sync_uses::run();
    async_component_not_send::run();
}
