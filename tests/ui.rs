//! Compile-fail and must-compile cases of the macros, one misuse per file, grouped by rule
//! family. `cargo test --test ui -- ui trybuild=<name>` runs the cases whose path contains `<name>`;
//! `TRYBUILD=overwrite` rewrites the `.stderr` snapshots (read each one before committing).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/misuse/*.rs");
    t.compile_fail("tests/ui/struct_rules/*.rs");
    t.compile_fail("tests/ui/dependencies/*.rs");
    t.compile_fail("tests/ui/keys/*.rs");
    t.compile_fail("tests/ui/impl_rules/*.rs");
    t.compile_fail("tests/ui/orchestrate_misuse/*.rs");
    // the client, event handlers and `emits` need the `tokio` feature
    if cfg!(feature = "tokio") {
        t.pass("tests/ui/client_pass/*.rs");
        t.compile_fail("tests/ui/client/*.rs");
    }
}
