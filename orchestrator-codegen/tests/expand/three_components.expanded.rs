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
    use ::orchestrator::__private_0_1_0 as __private;
    use ::core::option::Option as __Option;
    use __private::ComponentField as __Field;
    __private::__check_nested!("Shop", Cache);
    __private::__check_nested!("Shop", Database);
    __private::__check_nested!("Shop", Payments);
    #[automatically_derived]
    impl __private::DerivedOrchestrator for Shop {
        const NAME: &'static str = "Shop";
        const COMPONENTS: &'static [&'static str] = &["database", "cache", "payments"];
        const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[0], &[0, 1]];
        const TYPES: &'static [&'static str] = &["Database", "Cache", "Payments"];
        const REGISTER: &'static str = "Self::wire";
        const LINES: usize = 11;
        fn lifecycle(&self) -> &__private::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut __private::Lifecycle {
            &mut self.lifecycle
        }
        fn config(&self) -> __Option<&dyn ::core::fmt::Debug> {
            __Option::Some(__private::debug::<ShopConfig>(&self.config))
        }
    }
    #[automatically_derived]
    impl __private::SyncComponents for Shop {
        fn health(&self, index: usize) -> __Option<__private::Health> {
            match index {
                0 => <Database as __Field>::health(&self.database),
                1 => <Cache as __Field>::health(&self.cache),
                2 => <Payments as __Field>::health(&self.payments),
                _ => __Option::None,
            }
        }
        fn step(&mut self, i: usize, step: __private::Step) -> __private::StepResult {
            match i {
                0 => <Database as __Field>::step(&mut self.database, step),
                1 => <Cache as __Field>::step(&mut self.cache, step),
                2 => <Payments as __Field>::step(&mut self.payments, step),
                _ => ::core::result::Result::Ok(()),
            }
        }
        fn register(&mut self) -> __private::StepResult {
            __private::hook(self, Self::wire)
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
                lifecycle: __private::Lifecycle::new(),
            }
        }
        /** Creates a `Shop` from its config, building every component with
 `FromConfig::from_config(&config)`; it starts `Created`.*/
        #[must_use]
        #[allow(private_interfaces, private_bounds)]
        pub fn from_config(config: ShopConfig) -> Self
        where
            for<'__x> Cache: __private::FromConfig<ShopConfig>,
            for<'__x> Database: __private::FromConfig<ShopConfig>,
            for<'__x> Payments: __private::FromConfig<ShopConfig>,
        {
            Self {
                cache: __private::FromConfig::from_config(&config),
                database: __private::FromConfig::from_config(&config),
                payments: __private::FromConfig::from_config(&config),
                lifecycle: __private::Lifecycle::new(),
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
