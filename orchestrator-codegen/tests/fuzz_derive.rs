//! Fuzz-style property test of the derive: random structs (field counts, component attributes
//! with names, `after(...)` lists that may name unknown fields or form cycles, timeouts, `emits`, config
//! and lifecycle fields, stray fields, generics) under random struct attributes, garbage
//! included. For every input the derive never panics, its output parses as Rust items, an
//! input with errors reports each as a one-line `compile_error!` naming a rule or a misuse with
//! a `help:`, and an input without errors lists its components in an order where every
//! component comes after its dependencies.
//!
//! A small xorshift generator with fixed seeds keeps it deterministic and dependency-free;
//! `DERIVE_FUZZ_CASES` sets the number of cases (default 10,000, about 20 s in a debug build).

mod common;

use std::fmt::Write as _;

use common::rng::Rng;
use quote::ToTokens;
use syn::DeriveInput;

const STRUCT_ATTRS: &[&str] = &[
    "register = Self::wire",
    "register = 5",
    "max_components = 3",
    "max_components = \"many\"",
    "min_components = 4",
    "max_lines = 10",
    "allow(too_many_components)",
    "allow(too_few_components, orchestrator_state)",
    "allow(business_logic)",
    "allow(dependency_cycle)",
    "allow(too_manny)",
    "crate = ::orchestrator",
    "crate = 7",
    "cleanup_on_drop",
    "async",
    "max_componets = 2",
    "config",
];

const TYPES: &[&str] = &["A", "B", "Vec<u8>", "&'a str", "T", "Option<Box<dyn Fn()>>", "[u8; 4]", "crate::m::C"];

/// The fields of one random struct, as (name, Rust source of the field).
fn fields(rng: &mut Rng) -> Vec<String> {
    let count = if rng.chance(80) { 2 + rng.below(7) } else { rng.below(12) };
    let names: Vec<String> = (0..count).map(|i| format!("f{i}")).collect();
    let mut out = Vec::new();
    for name in &names {
        let mut field = String::new();
        match rng.below(40) {
            0..=35 => {
                let mut keys = Vec::new();
                if rng.chance(25) {
                    keys.push(format!("name = \"{}\"", rng.pick(&["x", "y", "f0", "audit-log"])));
                }
                let own = names.iter().position(|n| n == name).unwrap_or(0);
                if rng.chance(40) {
                    // Mostly earlier fields (a valid order exists), sometimes any field (maybe a
                    // cycle) or a name that is no field.
                    let deps: Vec<String> = (0..=rng.below(3))
                        .map(|_| match rng.below(20) {
                            0 => "nope".to_owned(),
                            1..=3 => names[rng.below(names.len())].clone(),
                            _ if own == 0 => names[rng.below(names.len())].clone(),
                            _ => names[rng.below(own)].clone(),
                        })
                        .collect();
                    keys.push(format!("after({})", deps.join(", ")));
                }
                if rng.chance(3) {
                    keys.push("timeout_ms = 50".to_owned());
                }
                if rng.chance(5) {
                    let emits = [
                        "emits(Done)",
                        "emits(Done, Fault)",
                        "emits()",
                        "emits(Done, Done)",
                        "emits = 1",
                        "emits(1)",
                        "emits(Vec<u8>, &'a str)",
                    ];
                    keys.push(rng.pick(&emits).to_owned());
                }
                if rng.chance(3) {
                    keys.push(rng.pick(&["nmae = 1", "after = 3", "name", "after()"]).to_owned());
                }
                if keys.is_empty() {
                    field.push_str("#[component] ");
                } else {
                    let _ = write!(field, "#[component({})] ", keys.join(", "));
                }
            }
            36 => field.push_str("#[orchestrator(config)] "),
            37 => field.push_str(rng.pick(&[
                "#[component = 1] ",
                "#[orchestrator(confg)] ",
                "#[component] #[component] ",
            ])),
            _ => {}
        }
        let ty = if rng.chance(2) { "Lifecycle" } else { rng.pick(TYPES) };
        let _ = write!(field, "{name}: {ty},");
        out.push(field);
    }
    if rng.chance(97) {
        out.insert(rng.below(out.len() + 1), "lifecycle: Lifecycle,".to_owned());
    }
    out
}

fn item(rng: &mut Rng) -> String {
    let mut source = String::new();
    for _ in 0..(if rng.chance(60) { 0 } else { 1 + rng.below(2) }) {
        let keys: Vec<&str> = (0..=rng.below(3)).map(|_| rng.pick(STRUCT_ATTRS)).collect();
        let _ = write!(source, "#[orchestrator({})] ", keys.join(", "));
    }
    let generics = rng.pick(&["", "<'a>", "<'a, T: Clone>", "<T, const N: usize>"]);
    let body = fields(rng).join(" ");
    match rng.below(20) {
        0 => {
            let _ = write!(source, "enum S{generics} {{ A, B }}");
        }
        1 => {
            let _ = write!(source, "struct S{generics}(u8, Lifecycle);");
        }
        _ => {
            let _ = write!(source, "struct S{generics} {{ {body} }}");
        }
    }
    source
}

/// `COMPONENTS` and `DEPENDENCIES` of an error-free expansion, read back from its text.
fn order_respects_dependencies(text: &str) -> bool {
    let Some(start) = text.find("const DEPENDENCIES") else { return true };
    let rows = &text[start..text[start..].find(';').map_or(text.len(), |end| start + end)];
    // `= & [& [] , & [0] , ...]`: after the outer `& [`, one `& [` per row, in initialization
    // order; every dependency index is smaller than the row's own.
    let rows = rows.split("& [").skip(2);
    rows.enumerate().all(|(row, deps)| {
        let deps = deps.split(']').next().unwrap_or("");
        deps.split(',').filter_map(|d| d.trim().parse::<usize>().ok()).all(|d| d < row)
    })
}

#[test]
fn the_order_check_catches_a_component_before_its_dependency() {
    let good = "const DEPENDENCIES : & 'static [& 'static [usize]] = & [& [] , & [0] , & [0 , 1]] ;";
    let bad = "const DEPENDENCIES : & 'static [& 'static [usize]] = & [& [] , & [2] , & []] ;";
    assert!(order_respects_dependencies(good));
    assert!(!order_respects_dependencies(bad));
}

#[test]
fn derive_never_panics_and_its_output_always_parses() {
    let cases: u64 = std::env::var("DERIVE_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let (mut clean, mut failing) = (0, 0);
    for seed in 1..=cases {
        let mut rng = Rng::seeded(seed);
        let source = item(&mut rng);
        let Ok(input) = syn::parse_str::<DeriveInput>(&source) else { continue };
        let output = std::panic::catch_unwind(|| orchestrator_codegen::derive(input.to_token_stream()))
            .unwrap_or_else(|_| panic!("the derive panicked on: {source}"));
        let text = output.to_string();
        if let Err(e) = syn::parse2::<syn::File>(output.clone()) {
            panic!("output does not parse ({e}) for: {source}\n{text}");
        }
        let errors = common::compile_errors(output);
        for error in &errors {
            assert!(
                !error.contains('\n') && error.contains("help"),
                "error without a one-line help: {error}\n{source}"
            );
        }
        if errors.is_empty() {
            clean += 1;
            assert!(order_respects_dependencies(&text), "a component before its dependency: {source}\n{text}");
        } else {
            failing += 1;
        }
    }
    println!("{cases} inputs: {clean} expanded without errors, {failing} reported errors");
    // The generator reaches both kinds of input.
    assert!(clean > cases / 20 && failing > cases / 4, "clean {clean}, failing {failing} of {cases}");
}
