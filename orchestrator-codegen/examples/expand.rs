//! Expands the `#[derive(Orchestrator)]` structs and `#[orchestrate]` blocks of a Rust file
//! with this crate's own functions, and prints the file (or writes it to OUT):
//!
//! ```text
//! cargo run -p orchestrator-codegen --example expand -- FILE [OUT]
//! ```
//!
//! What it prints is what the compiler receives from the two macros (up to formatting), without
//! the rest of `cargo expand`: the helper `macro_rules` of `orchestrator-core` stay unexpanded.
//! `scripts/compile-time.sh` writes its hand-written crate with it.

#[path = "../tests/common/expand.rs"]
mod expand;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output) = match args.as_slice() {
        [input] => (input, None),
        [input, output] => (input, Some(output)),
        _ => {
            eprintln!("usage: expand FILE [OUT]");
            return ExitCode::from(2);
        }
    };
    let expanded = std::fs::read_to_string(input)
        .map_err(|error| error.to_string())
        .and_then(|source| expand::expand_source(&source).map_err(|error| error.to_string()));
    let written = match (expanded, output) {
        (Ok(expanded), Some(output)) => std::fs::write(output, expanded).map_err(|error| format!("{output}: {error}")),
        (Ok(expanded), None) => {
            print!("{expanded}");
            Ok(())
        }
        (Err(error), _) => Err(format!("{input}: {error}")),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("expand: {error}");
            ExitCode::FAILURE
        }
    }
}
