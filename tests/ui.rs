//! Compile-fail and must-compile cases of the macros, one misuse per file, grouped by rule
//! family. `cargo test --test ui -- ui trybuild=<name>` runs the cases whose path contains `<name>`;
//! `TRYBUILD=overwrite` rewrites the `.stderr` snapshots (read each one before committing).
//!
//! After trybuild, [`one_error_per_mistake`] builds the compile-fail cases once more and counts
//! the errors in rustc's JSON output: a `.stderr` snapshot shows an error once however often
//! rustc emitted it (trybuild folds identical messages, as cargo does), while an editor shows
//! every copy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The directories of compile-fail cases, under `tests/ui`.
const COMPILE_FAIL: [&str; 6] = ["misuse", "struct_rules", "dependencies", "keys", "impl_rules", "orchestrate_misuse"];

#[test]
fn ui() {
    // the cases run when `t` is dropped; the count below runs also when one of them failed
    let cases = std::panic::catch_unwind(|| {
        let t = trybuild::TestCases::new();
        t.pass("tests/ui/pass/*.rs");
        for dir in COMPILE_FAIL {
            t.compile_fail(format!("tests/ui/{dir}/*.rs"));
        }
        // the client, event handlers and `emits` need the `tokio` feature
        if cfg!(feature = "tokio") {
            t.pass("tests/ui/client_pass/*.rs");
            t.compile_fail("tests/ui/client/*.rs");
        }
    });
    one_error_per_mistake();
    if let Err(panic) = cases {
        std::panic::resume_unwind(panic);
    }
}

/// One compile-fail case: its file and what rustc's JSON output said about it.
struct Case {
    path: PathBuf,
    /// `path` from the package's root: `tests/ui/misuse/enum.rs`.
    file: PathBuf,
    errors: Vec<Error>,
}

/// One error of rustc's JSON output, by its primary span.
struct Error {
    message: String,
    file: String,
    line: u64,
    column: u64,
    /// The text under the primary span.
    highlighted: String,
}

/// Every compile-fail case that trybuild just ran gives exactly as many errors in rustc's JSON
/// output as the case declares (a line `// errors: N ...`, with the reason, in a case with
/// several mistakes; else one), as many as its `.stderr` snapshot shows, each spanned in the case's
/// own file and not at the macro's name (`#[derive(Orchestrator)]`, `#[orchestrate]`), which is
/// no token of the user's mistake.
///
/// The cases are built in the project trybuild generated, with trybuild's flags, so every
/// dependency is already built: this adds one `cargo build` of the failing cases, about 4 s.
fn one_error_per_mistake() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("CARGO_TARGET_TMPDIR is target/tmp");
    let project = target.join("tests").join("trybuild").join(env!("CARGO_PKG_NAME"));
    let manifest = std::fs::read_to_string(project.join("Cargo.toml"))
        .unwrap_or_else(|e| panic!("trybuild's project in {} is missing: {e}", project.display()));
    let mut cases: BTreeMap<String, Case> = bins(&manifest)
        .filter(|(_, path)| {
            let dir = path.parent().and_then(Path::file_name).and_then(|d| d.to_str()).unwrap_or_default();
            path.starts_with(root.join("tests").join("ui")) && (COMPILE_FAIL.contains(&dir) || dir == "client")
        })
        .map(|(name, path)| {
            let file = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            (name, Case { path, file, errors: Vec::new() })
        })
        .collect();
    if cases.is_empty() {
        return;
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let host = Command::new(&cargo).arg("-vV").output().expect("cargo runs");
    let host = String::from_utf8_lossy(&host.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        .expect("`cargo -vV` names the host");
    // trybuild's own flags and features (see its `cargo.rs`), so that nothing is rebuilt but
    // the cases
    let rustflags = r#"["--cfg","trybuild","--verbose","-A","dead_code","--diagnostic-width=140"]"#;
    let features: Vec<&str> = [
        ("default", cfg!(feature = "default")),
        ("serde", cfg!(feature = "serde")),
        ("tokio", cfg!(feature = "tokio")),
        ("tracing", cfg!(feature = "tracing")),
    ]
    .into_iter()
    .filter_map(|(name, on)| on.then_some(name))
    .collect();
    let mut command = Command::new(&cargo);
    command
        .current_dir(&project)
        .env("CARGO_TARGET_DIR", target.join("tests").join("trybuild"))
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .arg("build")
        .arg("--offline")
        .arg(format!("--config=build.rustflags={rustflags}"))
        .arg(format!("--config=target.{host}.rustflags={rustflags}"))
        .args(["--target", &host, "--no-default-features", "--features", &features.join(",")])
        .args(["--quiet", "--color=never", "--message-format=json", "--keep-going"]);
    for name in cases.keys() {
        command.args(["--bin", name]);
    }
    let output = command.output().expect("cargo runs");

    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(json) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if json["reason"] != "compiler-message" {
            continue;
        }
        let Some(case) = json["target"]["name"].as_str().and_then(|name| cases.get_mut(name)) else { continue };
        let message = &json["message"];
        let text = message["message"].as_str().unwrap_or_default();
        if message["level"] != "error" || text.starts_with("aborting due to") {
            continue;
        }
        // The primary span, or where rustc shows it: a span inside another crate's macro (a
        // failed `assert!` of a `const`) is rendered at the macro's call in the case's file.
        let mut primary = message["spans"].as_array().and_then(|spans| spans.iter().find(|s| s["is_primary"] == true));
        while let Some(span) = primary
            && !Path::new(span["file_name"].as_str().unwrap_or_default()).ends_with(&case.file)
            && span["expansion"]["span"].is_object()
        {
            primary = Some(&span["expansion"]["span"]);
        }
        let number = |key: &str| primary.and_then(|s| s[key].as_u64()).unwrap_or(0);
        let highlighted = primary
            .and_then(|s| s["text"].get(0))
            .and_then(|line| {
                let text = line["text"].as_str()?;
                let start = usize::try_from(line["highlight_start"].as_u64()?).ok()?;
                let end = usize::try_from(line["highlight_end"].as_u64()?).ok()?;
                text.chars().skip(start.saturating_sub(1)).take(end.saturating_sub(start)).collect::<String>().into()
            })
            .unwrap_or_default();
        case.errors.push(Error {
            message: text.to_owned(),
            file: primary.and_then(|s| s["file_name"].as_str()).unwrap_or("<no span>").to_owned(),
            line: number("line_start"),
            column: number("column_start"),
            highlighted,
        });
    }

    let mut failures = Vec::new();
    for case in cases.values() {
        let shown = case.file.display().to_string();
        let source = std::fs::read_to_string(&case.path).unwrap_or_default();
        let declared = source
            .lines()
            .find_map(|line| line.trim().strip_prefix("// errors: "))
            .map_or(1, |n| n.split_whitespace().next().and_then(|n| n.parse::<usize>().ok()).unwrap_or(usize::MAX));
        let snapshot = std::fs::read_to_string(case.path.with_extension("stderr")).unwrap_or_default();
        let in_snapshot = snapshot.lines().filter(|line| line.starts_with("error")).count();
        let listed: Vec<String> = case
            .errors
            .iter()
            .map(|e| {
                format!("    {}:{}:{}: {}", e.file, e.line, e.column, e.message.lines().next().unwrap_or_default())
            })
            .collect();
        if case.errors.len() != declared || in_snapshot != declared {
            failures.push(format!(
                "{shown}: {} error(s) in rustc's JSON output and {in_snapshot} in the .stderr snapshot; the case declares {declared}\n{}",
                case.errors.len(),
                listed.join("\n")
            ));
        }
        for error in &case.errors {
            let own_file = Path::new(&error.file).ends_with(&case.file);
            if !own_file || error.highlighted == "Orchestrator" || error.highlighted.starts_with("#[orchestrate") {
                failures.push(format!(
                    "{shown}: an error is spanned at `{}` ({}:{}:{}), not at a token of the user's mistake: {}",
                    error.highlighted,
                    error.file,
                    error.line,
                    error.column,
                    error.message.lines().next().unwrap_or_default()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "one mistake, one error, on the user's token:\n{}", failures.join("\n"));
}

/// The `[[bin]]` targets of a Cargo manifest: `(name, path)`.
fn bins(manifest: &str) -> impl Iterator<Item = (String, PathBuf)> + '_ {
    let value = |line: &str, key: &str| {
        line.trim()
            .strip_prefix(key)?
            .trim()
            .strip_prefix('=')?
            .trim()
            .strip_prefix('"')?
            .strip_suffix('"')
            .map(str::to_owned)
    };
    let lines: Vec<&str> = manifest.lines().collect();
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].trim() == "[[bin]]").collect();
    starts.into_iter().filter_map(move |start| {
        let table = lines[start + 1..].iter().take_while(|line| !line.trim_start().starts_with('['));
        let (mut name, mut path) = (None, None);
        for line in table {
            name = name.or_else(|| value(line, "name"));
            path = path.or_else(|| value(line, "path"));
        }
        Some((name?, PathBuf::from(path?)))
    })
}
