//! Three components with a config field, a register hook and `after(...)` ordering.
use orchestrator::prelude::*;
pub struct Shop {
    config: ShopConfig,
    cache: Cache,
    database: Database,
    payments: Payments,
    lifecycle: Lifecycle,
}
const _: () = {
    use ::orchestrator::__private;
    use ::core::option::Option as __Option;
    use __private::NotAnOrchestrator as _;
    const fn __nested(is_orchestrator: bool) {
        ::core::assert!(
            ! is_orchestrator,
            "nested_orchestrator: this component of `Shop` is itself an orchestrator; an orchestrator coordinates components, and nesting one hides a second coordination layer. help: make it a plain `Component`, or let the caller coordinate both orchestrators"
        );
    }
    const _: () = __nested(<__private::Probe<Cache>>::IS_ORCHESTRATOR);
    const _: () = __nested(<__private::Probe<Database>>::IS_ORCHESTRATOR);
    const _: () = __nested(<__private::Probe<Payments>>::IS_ORCHESTRATOR);
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is not a component: it does not implement `Component`",
        label = "this field is marked #[component], so its type must implement `Component`",
        note = "implement it, even empty: `impl orchestrator::Component for {Self} {{}}`"
    )]
    trait __Component {
        fn __ref(&self) -> __Option<&dyn __private::Component>;
        fn __mut(&mut self) -> __Option<&mut dyn __private::Component>;
    }
    impl<T: __private::Component> __Component for T {
        fn __ref(&self) -> __Option<&dyn __private::Component> {
            __Option::Some(self)
        }
        fn __mut(&mut self) -> __Option<&mut dyn __private::Component> {
            __Option::Some(self)
        }
    }
    #[automatically_derived]
    impl __private::Orchestrator for Shop {
        const NAME: &'static str = "Shop";
        const COMPONENTS: &'static [&'static str] = &["database", "cache", "payments"];
        const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[0], &[0, 1]];
        fn initialize(&mut self) -> ::core::result::Result<(), __private::InitError> {
            __private::initialize(self)
        }
        fn cleanup(&mut self) -> ::core::result::Result<(), __private::CleanupError> {
            __private::cleanup(self)
        }
        fn status(&self) -> __private::Status {
            __private::status(self)
        }
        fn state(&self) -> __private::State {
            self.lifecycle.state()
        }
    }
    #[automatically_derived]
    impl __private::Parts for Shop {
        const TYPES: &'static [&'static str] = &["Database", "Cache", "Payments"];
        const LINES: usize = 11;
        fn lifecycle(&self) -> &__private::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut __private::Lifecycle {
            &mut self.lifecycle
        }
        fn component(&self, index: usize) -> __Option<&dyn __private::Component> {
            match index {
                0 => <Database as __Component>::__ref(&self.database),
                1 => <Cache as __Component>::__ref(&self.cache),
                2 => <Payments as __Component>::__ref(&self.payments),
                _ => __Option::None,
            }
        }
        fn component_mut(
            &mut self,
            index: usize,
        ) -> __Option<&mut dyn __private::Component> {
            match index {
                0 => <Database as __Component>::__mut(&mut self.database),
                1 => <Cache as __Component>::__mut(&mut self.cache),
                2 => <Payments as __Component>::__mut(&mut self.payments),
                _ => __Option::None,
            }
        }
        const REGISTER: &'static str = "Self::wire";
        fn register(&mut self) -> ::core::result::Result<(), __private::ComponentError> {
            fn __hook<T, E: ::core::convert::Into<__private::ComponentError>>(
                this: &mut T,
                hook: fn(&mut T) -> ::core::result::Result<(), E>,
            ) -> ::core::result::Result<(), __private::ComponentError> {
                hook(this).map_err(::core::convert::Into::into)
            }
            __hook(self, Self::wire)
        }
        fn config(&self) -> __Option<&dyn ::core::fmt::Debug> {
            fn __debug<T: ::core::fmt::Debug>(config: &T) -> &dyn ::core::fmt::Debug {
                config
            }
            __Option::Some(__debug::<ShopConfig>(&self.config))
        }
    }
    impl Shop {
        /** Creates a `Shop` from its fields, in order: `config`, `cache`, `database`, `payments`; it starts `Created`.
 Inject test doubles here (make the struct generic over its component types).*/
        #[must_use]
        #[allow(private_interfaces)]
        pub fn new(
            config: ShopConfig,
            cache: Cache,
            database: Database,
            payments: Payments,
        ) -> Self {
            Self {
                config,
                cache,
                database,
                payments,
                lifecycle: ::core::default::Default::default(),
            }
        }
        /** Creates a `Shop` from its config, building every component with
 `FromConfig::from_config(&config)`; it starts `Created`.*/
        #[must_use]
        #[allow(private_interfaces, private_bounds)]
        pub fn from_config(config: ShopConfig) -> Self
        where
            for<'__x> Cache: ::orchestrator::FromConfig<ShopConfig>,
            for<'__x> Database: ::orchestrator::FromConfig<ShopConfig>,
            for<'__x> Payments: ::orchestrator::FromConfig<ShopConfig>,
        {
            Self {
                cache: ::orchestrator::FromConfig::from_config(&config),
                database: ::orchestrator::FromConfig::from_config(&config),
                payments: ::orchestrator::FromConfig::from_config(&config),
                lifecycle: ::core::default::Default::default(),
                config,
            }
        }
    }
};
impl Shop {
    fn wire(&mut self) -> Result<(), ComponentError> {
        Ok(())
    }
}
