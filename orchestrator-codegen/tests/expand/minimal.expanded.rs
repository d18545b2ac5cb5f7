//! The smallest valid orchestrator: two components and the lifecycle.
use orchestrator::prelude::*;
struct Pair {
    left: Left,
    right: Right,
    lifecycle: Lifecycle,
}
const _: () = {
    use ::orchestrator::__private_0_1_0 as __private;
    use ::core::option::Option as __Option;
    use __private::Kinded as __Kind;
    use __private::SyncField as __Field;
    use __private::{Kind as __Kd, Unproven as _, NotAnOrchestrator as _, Probe as __P};
    const __N: __private::Nested = __private::Nested(
        __private::__nested_message!("Pair"),
    );
    __private::__nested!(Left, __K0 sync);
    __private::__nested!(Right, __K1 sync);
    #[automatically_derived]
    impl __private::DerivedOrchestrator for Pair {
        const NAME: &'static str = "Pair";
        const COMPONENTS: &'static [&'static str] = PairComponent::NAMES;
        const TYPES: &'static [&'static str] = &["Left", "Right"];
        const LINES: usize = 7;
        fn lifecycle(&self) -> &__private::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut __private::Lifecycle {
            &mut self.lifecycle
        }
    }
    #[automatically_derived]
    impl __private::SyncComponents for Pair {
        fn health(&self, index: usize) -> __Option<__private::Health> {
            match index {
                0 => <__Kind<Left, { __K0 }> as __Field<_>>::health(&self.left),
                1 => <__Kind<Right, { __K1 }> as __Field<_>>::health(&self.right),
                _ => __Option::None,
            }
        }
        #[inline]
        fn step(&mut self, i: usize, step: __private::Step) -> __private::StepResult {
            match i {
                0 => <__Kind<Left, { __K0 }> as __Field<_>>::step(&mut self.left, step),
                1 => <__Kind<Right, { __K1 }> as __Field<_>>::step(&mut self.right, step),
                _ => ::core::result::Result::Ok(()),
            }
        }
    }
    __private::__not_a_component!({} Pair, {});
};
impl Pair {
    /** Creates a `Pair` from its fields, in order: `left`, `right`; it starts `Created`.
 Inject test doubles here (make the struct generic over its component types).*/
    #[must_use]
    #[allow(private_interfaces)]
    fn from_parts(left: Left, right: Right) -> Self {
        Self {
            left,
            right,
            lifecycle: ::core::default::Default::default(),
        }
    }
}
::orchestrator::__private_0_1_0::__component_keys!(
    PairComponent of Pair[Left = "left", Right = "right"]
);
