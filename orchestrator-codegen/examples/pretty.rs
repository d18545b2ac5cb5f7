//! Formats a Rust file as `cargo expand` does (prettyplease), for `scripts/expansion-lines.sh`:
//! that script feeds it rustc's `-Zunpretty=expanded` output, so that the lines it counts are
//! the lines `cargo expand` prints.
//!
//! ```text
//! cargo run -p orchestrator-codegen --example pretty -- FILE
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pretty FILE");
        return ExitCode::from(2);
    };
    let formatted = std::fs::read_to_string(&path)
        .map_err(|error| error.to_string())
        .and_then(|source| syn::parse_file(&source).map_err(|error| error.to_string()))
        .map(|file| prettyplease::unparse(&file));
    match formatted {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            ExitCode::FAILURE
        }
    }
}
