//! The smallest valid orchestrator: two components and the lifecycle.
use orchestrator::prelude::*;
struct Pair {
    left: Left,
    right: Right,
    lifecycle: Lifecycle,
}
const _: () = {
    use ::orchestrator::__private;
    use ::core::option::Option as __Option;
    use __private::NotAnOrchestrator as _;
    const fn __nested(is_orchestrator: bool) {
        ::core::assert!(
            ! is_orchestrator,
            "nested_orchestrator: this component of `Pair` is itself an orchestrator; an orchestrator coordinates components, and nesting one hides a second coordination layer. help: make it a plain `Component`, or let the caller coordinate both orchestrators"
        );
    }
    const _: () = __nested(<__private::Probe<Left>>::IS_ORCHESTRATOR);
    const _: () = __nested(<__private::Probe<Right>>::IS_ORCHESTRATOR);
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
    impl __private::Orchestrator for Pair {
        const NAME: &'static str = "Pair";
        const COMPONENTS: &'static [&'static str] = &["left", "right"];
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
    impl __private::Parts for Pair {
        const TYPES: &'static [&'static str] = &["Left", "Right"];
        const LINES: usize = 7;
        fn lifecycle(&self) -> &__private::Lifecycle {
            &self.lifecycle
        }
        fn lifecycle_mut(&mut self) -> &mut __private::Lifecycle {
            &mut self.lifecycle
        }
        fn component(&self, index: usize) -> __Option<&dyn __private::Component> {
            match index {
                0 => <Left as __Component>::__ref(&self.left),
                1 => <Right as __Component>::__ref(&self.right),
                _ => __Option::None,
            }
        }
        fn component_mut(
            &mut self,
            index: usize,
        ) -> __Option<&mut dyn __private::Component> {
            match index {
                0 => <Left as __Component>::__mut(&mut self.left),
                1 => <Right as __Component>::__mut(&mut self.right),
                _ => __Option::None,
            }
        }
    }
    impl Pair {
        /** Creates a `Pair` from its fields, in order: `left`, `right`; it starts `Created`.
 Inject test doubles here (make the struct generic over its component types).*/
        #[must_use]
        #[allow(private_interfaces)]
        fn new(left: Left, right: Right) -> Self {
            Self {
                left,
                right,
                lifecycle: ::core::default::Default::default(),
            }
        }
    }
};
