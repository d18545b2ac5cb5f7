//! A client (`#[orchestrate(client)]`): one trait method per coordination method, each one call
//! into the runtime, chosen by the method's kind: sync `&mut self` (`__immediate`), sync `&self`
//! (`__immediate_shared`), `async fn` with `&mut self` (`__exclusive`) and with `&self`
//! (`__shared`). A method marked `#[orchestrate(local)]` stays out of the client.
use orchestrator::prelude::*;
pub struct Shop {
    stock: Stock,
    orders: Orders,
    lifecycle: Lifecycle,
}
const _: () = {
    use ::orchestrator::__private_0_1_0 as __private;
    use ::core::option::Option as __Option;
    use __private::AsyncComponentField as __Field;
    use __private::{NotAnOrchestrator as _, Probe as __P};
    const __N: __private::Nested = __private::Nested(
        __private::__nested_message!("Shop"),
    );
    __private::__nested!(Stock);
    __private::__nested!(Orders);
    #[automatically_derived]
    impl __private::DerivedOrchestrator for Shop {
        const NAME: &'static str = "Shop";
        const COMPONENTS: &'static [&'static str] = ShopComponent::NAMES;
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
    impl __private::AsyncComponents for Shop {
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
                            __pass.start(__lifecycle, 0, | __lifecycle | < Stock as
                            __Field > ::step(& mut self.stock, __step))
                        );
                        __pass.join(__lifecycle, &mut [(0, __s0 as _)]).await;
                    }
                    1 => {
                        let __s1 = ::core::pin::pin!(
                            __pass.start(__lifecycle, 1, | __lifecycle | < Orders as
                            __Field > ::step(& mut self.orders, __step))
                        );
                        __pass.join(__lifecycle, &mut [(1, __s1 as _)]).await;
                    }
                    _ => {}
                }
            }
        }
        fn health(&self, index: usize) -> __Option<__private::Health> {
            match index {
                0 => <Stock as __Field>::health(&self.stock),
                1 => <Orders as __Field>::health(&self.orders),
                _ => __Option::None,
            }
        }
        fn blocking(&self, index: usize) -> bool {
            match index {
                0 => <Stock as __Field>::BLOCKING,
                1 => <Orders as __Field>::BLOCKING,
                _ => false,
            }
        }
    }
    __private::__not_a_component!({} Shop, {});
};
impl Shop {
    /** Creates a `Shop` from its fields, in order: `stock`, `orders`; it starts `Created`.
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
    pub ShopComponent of Shop[Stock = "stock", Orders = "orders"]
);
impl Shop {
    /// Takes an order for an item in stock.
    #[allow(
        clippy::used_underscore_items,
        clippy::let_unit_value,
        clippy::useless_conversion
    )]
    #[track_caller]
    pub fn order(&mut self, item: String) -> Result<u64, ShopError> {
        ::orchestrator::__private_0_1_0::__coordinate!(
            result, Self, "order", self, | __not_ready |
            ::core::result::Result::Err(::orchestrator::__private_0_1_0::FromNotReady::from_not_ready(__not_ready)),
            {} Self::__orchestrate_order(self, item)
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
    fn __orchestrate_order(&mut self, item: String) -> Result<u64, ShopError> {
        self.stock.take(&item)?;
        Ok(self.orders.open(item))
    }
    /// The open orders.
    #[allow(
        clippy::used_underscore_items,
        clippy::let_unit_value,
        clippy::useless_conversion
    )]
    #[track_caller]
    pub fn open(&self) -> usize {
        ::orchestrator::__private_0_1_0::__coordinate!(
            typed, Self, "open", self, usize, {} Self::__orchestrate_open(self)
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
    fn __orchestrate_open(&self) -> usize {
        self.orders.count()
    }
    /// Restocks an item.
    #[allow(
        clippy::used_underscore_items,
        clippy::let_unit_value,
        clippy::useless_conversion
    )]
    pub async fn restock(&mut self, item: String, count: u32) {
        ::orchestrator::__private_0_1_0::__coordinate!(
            async plain, Self, "restock", self, {} Self::__orchestrate_restock(self,
            item, count)
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
    async fn __orchestrate_restock(&mut self, item: String, count: u32) {
        self.stock.fill(item, count).await;
    }
    /// An item's price.
    #[allow(
        clippy::used_underscore_items,
        clippy::let_unit_value,
        clippy::useless_conversion
    )]
    pub async fn price(&self, item: String) -> u64 {
        ::orchestrator::__private_0_1_0::__coordinate!(
            async typed, Self, "price", self, u64, {} Self::__orchestrate_price(self,
            item)
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
    async fn __orchestrate_price(&self, item: String) -> u64 {
        self.stock.price(&item).await
    }
    /// Writes a report into `out`: it borrows, so it is not in the client.
    #[allow(
        clippy::used_underscore_items,
        clippy::let_unit_value,
        clippy::useless_conversion
    )]
    #[track_caller]
    pub fn report(&self, out: &mut String) {
        ::orchestrator::__private_0_1_0::__coordinate!(
            plain, Self, "report", self, {} Self::__orchestrate_report(self, out)
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
    fn __orchestrate_report(&self, out: &mut String) {
        self.orders.report(out);
    }
}
#[allow(dead_code, clippy::extra_unused_type_parameters)]
const _: () = {
    fn __assert_parts() {
        let _ = <Shop as ::orchestrator::__private_0_1_0::DerivedOrchestrator>::LINES;
    }
};
const _: () = ::core::assert!(
    < Shop as ::orchestrator::__private_0_1_0::DerivedOrchestrator > ::LINES + 28usize <=
    < Shop as ::orchestrator::__private_0_1_0::DerivedOrchestrator > ::MAX_LINES,
    "too_long: `Shop` and its #[orchestrate] block (this block: 28 lines) are longer than max_lines; an orchestrator stays thin so its coordination reads at a glance. help: move logic into components or split the orchestrator, raise #[orchestrator(max_lines = N)], or #[orchestrate(allow(too_long))]"
);
/// Calls of the coordination methods of `Shop` on the running orchestrator, through its `Client`: each waits its turn in the orchestrator's queue, runs the method there and returns its result, or the `CallError` that kept it from running or finishing.
pub(crate) trait ShopCalls {
    /// Takes an order for an item in stock.
    fn order(
        &self,
        item: String,
    ) -> impl ::core::future::Future<
        Output = ::core::result::Result<
            Result<u64, ShopError>,
            ::orchestrator::__private_0_1_0::CallError,
        >,
    > + ::core::marker::Send;
    /// The open orders.
    fn open(
        &self,
    ) -> impl ::core::future::Future<
        Output = ::core::result::Result<
            usize,
            ::orchestrator::__private_0_1_0::CallError,
        >,
    > + ::core::marker::Send;
    /// Restocks an item.
    fn restock(
        &self,
        item: String,
        count: u32,
    ) -> impl ::core::future::Future<
        Output = ::core::result::Result<(), ::orchestrator::__private_0_1_0::CallError>,
    > + ::core::marker::Send;
    /// An item's price.
    fn price(
        &self,
        item: String,
    ) -> impl ::core::future::Future<
        Output = ::core::result::Result<u64, ::orchestrator::__private_0_1_0::CallError>,
    > + ::core::marker::Send;
}
const _: () = {
    use ::orchestrator::__private_0_1_0 as __private;
    impl ShopCalls for __private::Client<Shop> {
        fn order(
            &self,
            item: String,
        ) -> impl ::core::future::Future<
            Output = ::core::result::Result<Result<u64, ShopError>, __private::CallError>,
        > + ::core::marker::Send {
            self.__immediate("order", move |this: &mut Shop| this.order(item))
        }
        fn open(
            &self,
        ) -> impl ::core::future::Future<
            Output = ::core::result::Result<usize, __private::CallError>,
        > + ::core::marker::Send {
            self.__immediate_shared("open", move |this: &Shop| this.open())
        }
        fn restock(
            &self,
            item: String,
            count: u32,
        ) -> impl ::core::future::Future<
            Output = ::core::result::Result<(), __private::CallError>,
        > + ::core::marker::Send {
            self.__exclusive(
                "restock",
                move |this: &mut Shop| -> __private::BoxFuture<'_, ()> {
                    __private::Box::pin(this.restock(item, count))
                },
            )
        }
        fn price(
            &self,
            item: String,
        ) -> impl ::core::future::Future<
            Output = ::core::result::Result<u64, __private::CallError>,
        > + ::core::marker::Send {
            self.__shared(
                "price",
                move |this: &Shop| -> __private::BoxFuture<'_, u64> {
                    __private::Box::pin(this.price(item))
                },
            )
        }
    }
    use __private::NotAnOrchestrator as _;
    const _: () = ::core::assert!(
        ! < __private::Probe < Shop >> ::S,
        "a client (`#[orchestrate(client)]`) needs an async orchestrator: `Shop` is a sync one, and only an async orchestrator runs (`serve`) to receive calls and events. help: add `#[orchestrator(async)]` to the struct `Shop`"
    );
};
