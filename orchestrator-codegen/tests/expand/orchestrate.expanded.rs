//! An `#[orchestrate]` block: a coordination method returning a `Result` (guarded, the refusal
//! converted into its error), one returning nothing (guarded by a panic), and a private helper
//! (left as written).
use orchestrator::prelude::*;
pub struct Store {
    stock: Stock,
    orders: Orders,
    lifecycle: Lifecycle,
}
const _: () = {
    use ::orchestrator::__private_0_1_0 as __private;
    use ::core::option::Option as __Option;
    use __private::Kinded as __Kind;
    use __private::SyncField as __Field;
    use __private::{Kind as __Kd, Unproven as _, NotAnOrchestrator as _, Probe as __P};
    const __N: __private::Nested = __private::Nested(
        __private::__nested_message!("Store"),
    );
    __private::__nested!(Stock, __K0 sync);
    __private::__nested!(Orders, __K1 sync);
    #[automatically_derived]
    impl __private::DerivedOrchestrator for Store {
        const NAME: &'static str = "Store";
        const COMPONENTS: &'static [&'static str] = StoreComponent::NAMES;
        const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[0]];
        const TYPES: &'static [&'static str] = &["Stock", "Orders"];
        const LINES: usize = 7;
        fn lifecycle(&self) -> &__private::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut __private::Lifecycle {
            &mut self.lifecycle
        }
    }
    #[automatically_derived]
    impl __private::SyncComponents for Store {
        fn health(&self, index: usize) -> __Option<__private::Health> {
            match index {
                0 => <__Kind<Stock, { __K0 }> as __Field<_>>::health(&self.stock),
                1 => <__Kind<Orders, { __K1 }> as __Field<_>>::health(&self.orders),
                _ => __Option::None,
            }
        }
        #[inline]
        fn step(&mut self, i: usize, step: __private::Step) -> __private::StepResult {
            match i {
                0 => <__Kind<Stock, { __K0 }> as __Field<_>>::step(&mut self.stock, step),
                1 => {
                    <__Kind<
                        Orders,
                        { __K1 },
                    > as __Field<_>>::step(&mut self.orders, step)
                }
                _ => ::core::result::Result::Ok(()),
            }
        }
    }
    __private::__not_a_component!({} Store, {});
};
impl Store {
    /** Creates a `Store` from its fields, in order: `stock`, `orders`; it starts `Created`.
 Inject test doubles here (make the struct generic over its component types).*/
    #[must_use]
    #[allow(private_interfaces)]
    pub fn from_parts(stock: Stock, orders: Orders) -> Self {
        Self {
            stock,
            orders,
            lifecycle: ::core::default::Default::default(),
        }
    }
}
::orchestrator::__private_0_1_0::__component_keys!(
    pub StoreComponent of Store[Stock = "stock", Orders = "orders"]
);
impl Store {
    /// Places an order for an item in stock.
    #[allow(
        clippy::used_underscore_items,
        clippy::let_unit_value,
        clippy::useless_conversion
    )]
    #[track_caller]
    pub fn place(&mut self, item: u32) -> Result<u64, NotReady> {
        ::orchestrator::__private_0_1_0::__coordinate!(
            result, Self, "place", self, | __not_ready |
            ::core::result::Result::Err(::orchestrator::__private_0_1_0::FromNotReady::from_not_ready(__not_ready)),
            {} Self::__orchestrate_place(self, item)
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
    fn __orchestrate_place(&mut self, item: u32) -> Result<u64, NotReady> {
        self.stock.reserve(item);
        Ok(self.orders.open(item))
    }
    /// Forgets every open order.
    #[allow(
        clippy::used_underscore_items,
        clippy::let_unit_value,
        clippy::useless_conversion
    )]
    #[track_caller]
    pub fn reset(&mut self) {
        ::orchestrator::__private_0_1_0::__coordinate!(
            plain, Self, "reset", self, {} Self::__orchestrate_reset(self)
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
    fn __orchestrate_reset(&mut self) {
        self.orders.clear();
    }
    fn count(&self) -> usize {
        0
    }
}
#[allow(dead_code, clippy::extra_unused_type_parameters)]
const _: () = {
    fn __assert_parts() {
        let _ = <Store as ::orchestrator::__private_0_1_0::DerivedOrchestrator>::LINES;
    }
};
const _: () = ::core::assert!(
    < Store as ::orchestrator::__private_0_1_0::DerivedOrchestrator > ::LINES + 16usize
    <= < Store as ::orchestrator::__private_0_1_0::DerivedOrchestrator > ::MAX_LINES,
    "too_long: `Store` and its #[orchestrate] block (this block: 16 lines) are longer than max_lines; an orchestrator stays thin so its coordination reads at a glance. help: move logic into components or split the orchestrator, raise #[orchestrator(max_lines = N)], or #[orchestrate(allow(too_long))]"
);
