//! A generic orchestrator: components as type parameters, so tests can pass doubles.
use orchestrator::prelude::*;
pub struct Checkout<P: Component, N>
where
    N: Component + Send,
{
    payments: P,
    notify: N,
    lifecycle: Lifecycle,
}
const _: () = {
    use ::orchestrator::__private_0_1_0 as __private;
    use ::core::option::Option as __Option;
    use __private::Kinded as __Kind;
    use __private::SyncField as __Field;
    #[automatically_derived]
    impl<P: Component, N> __private::DerivedOrchestrator for Checkout<P, N>
    where
        N: Component + Send,
    {
        const NAME: &'static str = "Checkout";
        const COMPONENTS: &'static [&'static str] = CheckoutComponent::NAMES;
        const DEPENDENCIES: &'static [&'static [usize]] = &[&[], &[0]];
        const TYPES: &'static [&'static str] = &["P", "N"];
        const LINES: usize = 10;
        fn lifecycle(&self) -> &__private::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut __private::Lifecycle {
            &mut self.lifecycle
        }
    }
    #[automatically_derived]
    impl<P: Component, N> __private::SyncComponents for Checkout<P, N>
    where
        N: Component + Send,
    {
        fn health(&self, index: usize) -> __Option<__private::Health> {
            match index {
                0 => <__Kind<P, 0> as __Field<_>>::health(&self.payments),
                1 => <__Kind<N, 0> as __Field<_>>::health(&self.notify),
                _ => __Option::None,
            }
        }
        #[inline]
        fn step(&mut self, i: usize, step: __private::Step) -> __private::StepResult {
            match i {
                0 => <__Kind<P, 0> as __Field<_>>::step(&mut self.payments, step),
                1 => <__Kind<N, 0> as __Field<_>>::step(&mut self.notify, step),
                _ => ::core::result::Result::Ok(()),
            }
        }
    }
    __private::__not_a_component!(
        { < P : Component, N > } Checkout < P, N >, { where N : Component + Send, }
    );
};
impl<P: Component, N> Checkout<P, N>
where
    N: Component + Send,
{
    /** Creates a `Checkout` from its fields, in order: `payments`, `notify`; it starts `Created`.
 Inject test doubles here (make the struct generic over its component types).*/
    #[must_use]
    #[allow(private_interfaces)]
    pub fn from_parts(payments: P, notify: N) -> Self {
        Self {
            payments,
            notify,
            lifecycle: ::core::default::Default::default(),
        }
    }
}
::orchestrator::__private_0_1_0::__component_keys!(
    pub CheckoutComponent of Checkout { < P : Component, N > } Checkout < P, N >, { where
    N : Component + Send, } [Payments = "payments", Notify = "notifier"]
);
