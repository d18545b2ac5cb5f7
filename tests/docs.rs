//! The documentation a user of `orchestrator-pattern` reads is written as that user writes
//! code: the rustdoc of the facade, of `orchestrator-core` (re-exported by the facade) and of
//! the macros, and the README.
//!
//! - No path through a crate the user does not depend on: `orchestrator_core::`,
//!   `orchestrator_macros::`, `orchestrator_codegen::` (the facade re-exports all of it as
//!   `orchestrator::`).
//! - Every Rust example is complete: a line rustdoc hides (`# ...`) defines no function,
//!   type or macro that the visible lines use, unless an earlier example of the same page
//!   shows it (a shared setup); `fn main` may be hidden.
//! - Every Rust example compiles: no `ignore` in the rustdoc; in the README only listings of
//!   generated code (they name the hidden `__private` module) are not compiled.
//!
//! The examples themselves run as doctests; this test checks what a doctest cannot see.

use std::path::{Path, PathBuf};

/// The files whose documentation users read, relative to the workspace root.
const ROOTS: [&str; 3] = ["src", "orchestrator-core/src", "orchestrator-macros/src"];

/// The crates a user of the facade does not name.
const FOREIGN_PATHS: [&str; 3] = ["orchestrator_core::", "orchestrator_macros::", "orchestrator_codegen::"];

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// One page of documentation: the lines of one doc comment (or the whole README), with the
/// line number of each in its file.
struct Page {
    file: String,
    lines: Vec<(usize, String)>,
}

/// The doc comments of a Rust file: each run of `///` lines, and each run of `//!` lines,
/// without the marker and the one space after it.
fn doc_comments(file: &str, source: &str) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut current: Option<(&str, Page)> = None;
    for (number, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = ["///", "//!"].into_iter().find(|m| trimmed.starts_with(m) && !trimmed.starts_with("////"));
        match (marker, &mut current) {
            (Some(m), Some((open, page))) if *open == m => page.lines.push((number + 1, strip(trimmed, m))),
            (Some(m), _) => {
                pages.extend(current.take().map(|(_, page)| page));
                let page = Page { file: file.to_owned(), lines: vec![(number + 1, strip(trimmed, m))] };
                current = Some((m, page));
            }
            (None, _) => pages.extend(current.take().map(|(_, page)| page)),
        }
    }
    pages.extend(current.map(|(_, page)| page));
    pages
}

fn strip(line: &str, marker: &str) -> String {
    let rest = &line[marker.len()..];
    rest.strip_prefix(' ').unwrap_or(rest).to_owned()
}

/// A fenced code block of a page.
struct Block {
    /// The line of its opening fence.
    line: usize,
    info: String,
    lines: Vec<String>,
}

impl Block {
    /// Whether rustdoc treats it as Rust (a bare fence, or `rust` and its attributes).
    fn is_rust(&self) -> bool {
        const RUST: [&str; 7] =
            ["rust", "ignore", "no_run", "compile_fail", "should_panic", "edition2024", "edition2021"];
        self.info.is_empty()
            || self.info.split(',').map(str::trim).all(|word| RUST.contains(&word) || word.starts_with("E0"))
    }

    fn is_ignored(&self) -> bool {
        self.info.split(',').any(|word| word.trim() == "ignore")
    }
}

fn blocks(page: &Page) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (number, line) in &page.lines {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            match open.take() {
                Some(block) => out.push(block),
                None => open = Some(Block { line: *number, info: info.trim().to_owned(), lines: Vec::new() }),
            }
        } else if let Some(block) = &mut open {
            block.lines.push(line.clone());
        }
    }
    out
}

/// The text of a line rustdoc hides from the reader (`# code`, or a lone `#`), if it is one.
fn hidden(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    if trimmed == "#" {
        return Some("");
    }
    trimmed.strip_prefix("# ")
}

/// The names a line of Rust defines: functions, types, traits, modules, constants, statics and
/// `macro_rules!` macros, after any attributes and visibility.
fn defined(line: &str) -> Vec<String> {
    const KINDS: [&str; 9] = ["fn", "struct", "enum", "union", "trait", "type", "mod", "const", "static"];
    let words: Vec<&str> =
        line.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '!')).filter(|w| !w.is_empty()).collect();
    let mut names = Vec::new();
    for pair in words.windows(2) {
        if KINDS.contains(&pair[0]) || pair[0] == "macro_rules!" {
            names.push(pair[1].trim_end_matches('!').to_owned());
        }
    }
    names
}

fn mentions(line: &str, name: &str) -> bool {
    line.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == name)
}

/// Every problem of one page, as `file:line: what`.
fn check(page: &Page, readme: bool, problems: &mut Vec<String>) {
    for (number, line) in &page.lines {
        for path in FOREIGN_PATHS {
            if line.contains(path) {
                problems.push(format!(
                    "{}:{number}: `{path}` in the documentation; a user of the facade writes `orchestrator::`",
                    page.file
                ));
            }
        }
    }
    let mut shown: Vec<String> = Vec::new();
    for block in blocks(page).iter().filter(|b| b.is_rust()) {
        let generated = block.lines.iter().any(|l| l.contains("__private"));
        if block.is_ignored() && !(readme && generated) {
            problems.push(format!(
                "{}:{}: an `ignore` example is never compiled; make it compile (`no_run` if it must not run)",
                page.file, block.line
            ));
        }
        let visible: Vec<&String> = block.lines.iter().filter(|l| hidden(l).is_none()).collect();
        for line in block.lines.iter().filter_map(|l| hidden(l)) {
            for name in defined(line) {
                let used = visible.iter().any(|v| mentions(v, &name));
                if name != "main" && used && !shown.contains(&name) {
                    problems.push(format!(
                        "{}:{}: `{name}` is defined on a hidden line and used on a visible one; show its definition",
                        page.file, block.line
                    ));
                }
            }
        }
        shown.extend(visible.iter().flat_map(|line| defined(line)));
    }
}

fn problems() -> Vec<String> {
    let root = workspace();
    let mut files = Vec::new();
    for dir in ROOTS {
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 30, "the sources are where they were: {files:?}");
    let mut problems = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("a readable source");
        let name = file.strip_prefix(&root).unwrap_or(file).display().to_string();
        for page in doc_comments(&name, &source) {
            check(&page, false, &mut problems);
        }
    }
    let readme = std::fs::read_to_string(root.join("README.md")).expect("the README");
    let lines = readme.lines().enumerate().map(|(n, l)| (n + 1, l.to_owned())).collect();
    check(&Page { file: "README.md".into(), lines }, true, &mut problems);
    problems
}

#[test]
fn the_documentation_is_written_as_users_write_code() {
    let problems = problems();
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// The checks find what they are for.
#[test]
fn the_checks_catch_each_kind_of_mistake() {
    let page = |text: &str| Page {
        file: "example.rs".into(),
        lines: text.lines().enumerate().map(|(n, l)| (n + 1, l.to_owned())).collect(),
    };
    let run = |text: &str| {
        let mut problems = Vec::new();
        check(&page(text), false, &mut problems);
        problems
    };
    // a path through the runtime crate
    assert_eq!(run("use `orchestrator_core::Backoff` here").len(), 1);
    // a hidden helper that the example calls (the `block_on` of old)
    let hidden_helper = "```\n# fn block_on<F>(f: F) {}\nblock_on(async {});\n```";
    assert_eq!(run(hidden_helper).len(), 1, "{:?}", run(hidden_helper));
    // ... unless an earlier example of the page shows it
    assert!(run(&format!("```\nfn block_on<F>(f: F) {{}}\n```\n{hidden_helper}")).is_empty());
    // a hidden wrapper the example does not name, and a hidden `main`, are fine
    assert!(run("```\n# fn wrapper() {\nlet x = 1;\n# }\n```").is_empty());
    assert!(run("```\n# fn main() {\nlet x = 1;\n# }\n```").is_empty());
    assert!(run("```\n# use std::time::Duration;\nlet d = Duration::ZERO;\n```").is_empty());
    // an example that is never compiled
    assert_eq!(run("```ignore\nlet x = 1;\n```").len(), 1);
    assert!(
        run("```text\nnot rust\n```\n```no_run\nlet x = 1;\n```\n```compile_fail,E0277\nlet x = 1;\n```").is_empty()
    );
    // the doc comments of a file, each on its own
    let pages = doc_comments("f.rs", "/// one\n/// two\nfn f() {}\n//! three\n");
    assert_eq!(pages.iter().map(|p| p.lines.len()).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(defined("#[derive(Default)] pub struct Db;     impl Component for Db {}"), ["Db"]);
    assert_eq!(defined("pub async fn serve(x: u8) {"), ["serve"]);
}
