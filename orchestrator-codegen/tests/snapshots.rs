//! The reviewed expansions, and the size of the derive's expansion.
//!
//! - `snapshots`: every `tests/expand/<name>.rs` against its reviewed `<name>.expanded.rs`;
//!   `EXPAND_OVERWRITE=1 cargo test -p orchestrator-codegen --test snapshots` rewrites them
//!   (review the diff before committing).
//! - `derive_lines_are_linear`: the derive's expansion for N trivial components has exactly
//!   `BASE_LINES + LINES_PER_COMPONENT * N` lines (+1 from 8 components, see [`expected_lines`]);
//!   `scripts/compile-time.sh` prints its figures.
//! - `typical_expansion_fits_a_screen`: the same with everyday names.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::expand::{expand_source, remove_derive};
use quote::ToTokens;

/// The pretty-printed output of `#[derive(Orchestrator)]` alone on the struct in `source`.
fn derive_only(source: &str) -> syn::Result<String> {
    let mut item: syn::ItemStruct = syn::parse_str(source)?;
    remove_derive(&mut item.attrs);
    let tokens = orchestrator_codegen::derive(item.into_token_stream());
    Ok(prettyplease::unparse(&syn::parse2(tokens)?))
}

/// The directory of the snapshot inputs.
fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("expand")
}

/// A struct of `n` trivial components and its lifecycle, deriving `Orchestrator`, with the
/// component limits opened up so any `n` is valid.
///
/// The names are long enough that prettyplease lays every per-component piece out the same way
/// for every `n` (each list one entry per line, each match arm wrapped): with short names a
/// list fits on one line for a few components and wraps for more, and the count is not linear.
/// So the per-component figure is the most a component costs in `cargo expand` lines.
fn trivial_struct(n: usize) -> String {
    let mut source = String::from(
        "#[derive(Orchestrator)]\n#[orchestrator(allow(too_few_components, too_many_components))]\nstruct Trivial {\n",
    );
    for i in 0..n {
        let _ = writeln!(
            source,
            "    #[component]\n    component_with_a_long_field_name_{i:02}: ComponentWithALongTypeNameThatWrapsLists{i:02},"
        );
    }
    source.push_str("    lifecycle: Lifecycle,\n}\n");
    source
}

/// Lines of the derive's expansion for trivial components that do not depend on their number:
/// the helper items (with the `nested_orchestrator` rule's message), the `DerivedOrchestrator`
/// and `SyncComponents` impls, `from_parts`, the key enum's invocation.
const BASE_LINES: usize = 54;
/// Lines of the derive's expansion per trivial component (long names, so every list wraps): its `nested_orchestrator` check (with its kind), its
/// entry in the key enum's list (which `COMPONENTS` refers to) and in `TYPES`, its `health` and
/// `step` arms, its parameter and field initializer in `from_parts`.
const LINES_PER_COMPONENT: usize = 19;

/// The exact line count of the derive's expansion for `n` trivial components: linear, plus the
/// `#[allow(clippy::too_many_arguments)]` line on `from_parts` from 8 parameters on.
const fn expected_lines(n: usize) -> usize {
    BASE_LINES + LINES_PER_COMPONENT * n + if n > 7 { 1 } else { 0 }
}

#[test]
fn snapshots() {
    let overwrite = std::env::var_os("EXPAND_OVERWRITE").is_some_and(|v| v == "1");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(snapshot_dir())
        .expect("tests/expand exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "rs")
                && !path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".expanded.rs"))
        })
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 5, "expected the snapshot inputs under tests/expand, found {inputs:?}");
    let mut stale = Vec::new();
    for input in &inputs {
        let source = std::fs::read_to_string(input).expect("readable input");
        let expanded = expand_source(&source).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        let snapshot = input.with_extension("expanded.rs");
        if overwrite {
            std::fs::write(&snapshot, &expanded).expect("writable snapshot");
            continue;
        }
        let reviewed = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if reviewed != expanded {
            stale.push(snapshot.display().to_string());
            eprintln!("--- {} (new expansion) ---\n{expanded}", snapshot.display());
        }
    }
    assert!(
        stale.is_empty(),
        "the expansion changed for {stale:?}; review it and rerun with EXPAND_OVERWRITE=1 to update the snapshots"
    );
}

#[test]
fn derive_lines_are_linear() {
    let sizes = [1, 2, 4, 8, 16];
    let measured: Vec<usize> = sizes
        .iter()
        .map(|&n| {
            let expanded = derive_only(&trivial_struct(n)).expect("the trivial struct expands");
            assert!(
                !expanded.contains("compile_error"),
                "the trivial struct of {n} component(s) is valid:\n{expanded}"
            );
            let lines = expanded.lines().count();
            println!("expansion lines: {n:>2} components -> {lines}");
            lines
        })
        .collect();
    println!("expansion lines: {BASE_LINES} + {LINES_PER_COMPONENT} * N (+1 from 8 components)");
    let expected: Vec<usize> = sizes.iter().map(|&n| expected_lines(n)).collect();
    // What the constants would be for the expansion as it is now (exact when it is linear).
    let per_component = (measured[4] - measured[3]) / 8;
    let base = measured[0].saturating_sub(per_component);
    assert_eq!(
        measured, expected,
        "the derive's expansion for N = {sizes:?} trivial components is no longer {BASE_LINES} + \
         {LINES_PER_COMPONENT} * N (+1 from 8) lines; if the change is intended, set BASE_LINES = {base} and \
         LINES_PER_COMPONENT = {per_component} (and check that the count is still linear)"
    );
}

/// A struct of `n` components with everyday names (`c0: C0`, ...).
fn typical_struct(n: usize) -> String {
    let mut source = String::from(
        "#[derive(Orchestrator)]\n#[orchestrator(allow(too_few_components, too_many_components))]\nstruct Typical {\n",
    );
    for i in 0..n {
        let _ = writeln!(source, "    #[component]\n    c{i}: C{i},");
    }
    source.push_str("    lifecycle: Lifecycle,\n}\n");
    source
}

/// With everyday names the expansion of a few components fits on one screen (at most 64
/// lines for 3), and each further component adds 4 lines (its nested check, its 2 match arms,
/// its initializer in `from_parts`) until the name lists wrap, one entry per line, at 6
/// components, and `from_parts`'s parameters at 8.
#[test]
fn typical_expansion_fits_a_screen() {
    let lines: Vec<usize> = (1..=8)
        .map(|n| {
            let expanded = derive_only(&typical_struct(n)).expect("the typical struct expands");
            assert!(!expanded.contains("compile_error"), "{expanded}");
            expanded.lines().count()
        })
        .collect();
    println!("expansion lines, everyday names, 1..=8 components: {lines:?}");
    assert!(lines[2] <= 64, "3 components take {} lines: {lines:?}", lines[2]);
    for pair in lines[..5].windows(2) {
        assert_eq!(pair[1] - pair[0], 4, "one more component adds {pair:?}: {lines:?}");
    }
    assert!(lines[7] - lines[0] <= 7 * 8, "8 components: {lines:?}");
}
