//! `#[derive(Orchestrator)]` on `proc_macro2` tokens: what is reported, that the output always
//! parses, and the shape of the expansion.

mod common;

use orchestrator_codegen::derive;
use quote::quote;
use syn::DeriveInput;

/// The name of the runtime's hidden module: `__private_` and the version.
fn hidden_module() -> String {
    format!("__private_{}", env!("CARGO_PKG_VERSION").replace('.', "_"))
}

/// The derive's output for `input` as text, and its error messages.
fn run(input: proc_macro2::TokenStream) -> (String, Vec<String>) {
    syn::parse2::<DeriveInput>(input.clone()).expect("test input parses");
    let output = derive(input);
    syn::parse2::<syn::File>(output.clone()).expect("the derive's output always parses as items");
    (output.to_string(), common::compile_errors(output))
}

#[test]
fn valid_struct_has_no_errors_and_lists_components_in_order() {
    let (code, errors) = run(quote! {
        struct Processing {
            #[component(after(b))]
            a: A,
            #[component]
            b: B,
            #[component(name = "audit-log")]
            c: C,
            lifecycle: Lifecycle,
        }
    });
    assert!(errors.is_empty(), "{errors:?}");
    // the names are listed once, with the keys, in initialization order; COMPONENTS is the keys' NAMES
    assert!(code.contains(r#"[B = "b" , A = "a" , C = "audit-log"]"#), "{code}");
    assert!(code.contains("const COMPONENTS : & 'static [& 'static str] = ProcessingComponent :: NAMES ;"), "{code}");
    assert!(code.contains("const DEPENDENCIES : & 'static [& 'static [usize]] = & [& [] , & [0] , & []]"), "{code}");
    assert!(code.contains(r#"const TYPES : & 'static [& 'static str] = & ["B" , "A" , "C"]"#), "{code}");
    assert!(code.contains(&format!("use :: orchestrator :: {} as __private ;", hidden_module())), "{code}");
}

#[test]
fn crate_path_is_used_for_every_runtime_path() {
    let (code, errors) = run(quote! {
        #[orchestrator(crate = my::orch)]
        struct P { #[component] a: A, #[component] b: B, lifecycle: Lifecycle }
    });
    assert!(errors.is_empty(), "{errors:?}");
    assert!(code.contains(&format!("use my :: orch :: {} as __private ;", hidden_module())), "{code}");
    assert!(!code.contains(":: orchestrator ::"), "{code}");
}

#[test]
fn every_error_of_the_item_is_reported_together() {
    let (code, errors) = run(quote! {
        #[orchestrator(max_components = 1, allow(no_such_rule), bogus)]
        struct P {
            #[component(after(missing))]
            a: A,
            #[component]
            b: B,
            state: u32,
        }
    });
    let joined = errors.join("\n");
    for expected in
        ["no_such_rule", "unknown key `bogus`", "unknown_dependency", "too_many_components", "orchestrator_state"]
    {
        assert!(joined.contains(expected), "missing {expected}: {joined}");
    }
    assert!(joined.contains("has no `Lifecycle` field"), "{joined}");
    // No lifecycle: the fallback impls, with constructors, keep the rest of the crate quiet.
    assert!(code.contains("failed to derive"), "{code}");
    assert!(code.contains("fn from_parts"), "{code}");
}

#[test]
fn cycle_is_named_whole() {
    let (_, errors) = run(quote! {
        struct P {
            #[component(after(c))] a: A,
            #[component(after(a))] b: B,
            #[component(after(b))] c: C,
            lifecycle: Lifecycle,
        }
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("dependency_cycle: `a` → `c` → `b` → `a`"), "{errors:?}");
    assert!(errors[0].contains("help:"), "{errors:?}");
}

#[test]
fn allowed_rules_are_silent() {
    let (_, errors) = run(quote! {
        #[orchestrator(allow(too_few_components, orchestrator_state))]
        struct P { #[component] a: A, count: u32, lifecycle: Lifecycle }
    });
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn error_messages_name_the_rule_and_end_with_help() {
    let (_, errors) = run(quote! {
        struct P { #[component] a: A, count: u32, lifecycle: Lifecycle }
    });
    assert_eq!(errors.len(), 2, "{errors:?}");
    for error in &errors {
        assert!(error.contains("help: "), "{error}");
        assert!(!error.contains('\n'), "one line: {error}");
    }
    assert!(errors.iter().any(|e| e.starts_with("too_few_components: `P` coordinates 1 component,")), "{errors:?}");
    assert!(errors.iter().any(|e| e.starts_with("orchestrator_state: `count`")), "{errors:?}");
}

#[test]
fn malformed_items_never_panic_and_always_parse() {
    let inputs = [
        quote!(
            enum E {
                A(u8),
            }
        ),
        quote!(union U { a: u8 }),
        quote!(
            struct T(u8, Lifecycle);
        ),
        quote!(
            struct U;
        ),
        quote!(
            struct Empty {}
        ),
        quote!(
            struct G<'a, T: Clone, const N: usize>
            where
                T: Copy,
            {
                #[component]
                a: &'a T,
                #[component]
                b: [T; N],
                l: Lifecycle,
            }
        ),
        quote!(
            #[orchestrator]
            #[orchestrator = 1]
            #[orchestrator(register = 5, crate = 7, max_lines = -1, cleanup_on_drop = 3)]
            struct S {
                l: Lifecycle,
            }
        ),
        quote!(
            #[orchestrator(max_components = 99999999999999999999999)]
            struct S {
                l: Lifecycle,
            }
        ),
        quote!(
            struct S {
                #[component = 1]
                #[component(after(1, "x", a::b), name = 5)]
                a: A,
                #[orchestrator(config, config)]
                c: C,
                #[component]
                l: Lifecycle,
                m: Lifecycle,
            }
        ),
        quote!(
            struct S {
                #[component(after(a))]
                a: A,
                #[component(after(a, a, b))]
                b: B,
                l: Lifecycle,
            }
        ),
    ];
    for input in inputs {
        let shown = input.to_string();
        let (_, errors) = run(input);
        assert!(!shown.is_empty() && errors.iter().all(|e| !e.is_empty()), "{shown}");
    }
}

#[test]
fn expansion_grows_linearly_with_components() {
    let size = |n: usize| {
        let fields = (0..n).map(|i| {
            let (field, ty) = (quote::format_ident!("c{i}"), quote::format_ident!("C{i}"));
            quote!(#[component] #field: #ty,)
        });
        let (code, errors) = run(quote!(struct S { #(#fields)* lifecycle: Lifecycle }));
        assert!(errors.is_empty(), "{errors:?}");
        code.len()
    };
    let (two, four, six) = (size(2), size(4), size(6));
    // Each component adds the same amount: its name, type, two accessor arms, a check with its
    // kind and a constructor parameter (past 7 parameters `from_parts` also gets one `allow`
    // attribute).
    assert_eq!(four - two, six - four, "{two} {four} {six}");
    assert!(four - two < 560, "about 250 characters per component: {two} {four}");
}
