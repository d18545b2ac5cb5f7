//! `direct_io`: file, network or process access in a coordination method.
//!
//! I/O is, by its path once resolved: every item of `std::fs`, `tokio::fs`, `tokio::net`,
//! `tokio::process` and `std::os::unix::net`; the sockets of `std::net` (`TcpStream`,
//! `TcpListener`, `UdpSocket`, and `ToSocketAddrs`, whose `.to_socket_addrs()` resolves names);
//! `std::process::{Command, Child, exit, abort}`; `std::io::{stdin, stdout, stderr}` and
//! `tokio::io::{stdin, stdout, stderr}` (and their handle types). The value types of the same
//! modules (`std::net::Ipv4Addr`, `std::process::ExitCode`, `std::io::Error`) are not I/O.
//!
//! Paths are resolved through the `use` items of the method's body, renames and imported
//! functions included (`use std::fs as f;` then `f::read(..)`). The module's own `use` items
//! are invisible to an attribute macro, so, unless the method imports the name itself, a path
//! starting with `fs::`, `net::`, `process::` or `io::` is taken for std's module (the idiomatic
//! `use std::fs;` then `fs::read(..)`), and `File`, `OpenOptions`, `TcpStream`, `TcpListener`
//! and `UdpSocket` for std's types. A bare `Command` is std's only when the method imports it
//! from `std::process` or `tokio::process`: otherwise it is taken for a domain type.
//!
//! A `use` that imports I/O and the paths that use it are one error, at the `use`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::visit::Visit;
use syn::{ExprMethodCall, Ident, ItemUse, Macro, Path, UseTree};

use super::body::walk_macro;
use crate::diag::Diagnostics;
use crate::orchestrate::model::Block;
use crate::rule::Rule;

const REASON: &str = "an orchestrator reaches files, the network and processes only through its components";
const FIX: &str = "move the I/O into a component (injectable, so tests can mock it) and call it";

/// Modules every item of which is I/O.
const IO_MODULES: [&[&str]; 5] =
    [&["std", "fs"], &["tokio", "fs"], &["tokio", "net"], &["tokio", "process"], &["std", "os", "unix", "net"]];

/// The I/O items of modules that also hold plain values.
const IO_ITEMS: [(&[&str], &[&str]); 4] = [
    (&["std", "net"], &["TcpStream", "TcpListener", "UdpSocket", "ToSocketAddrs"]),
    (&["std", "process"], &["Command", "Child", "ChildStdin", "ChildStdout", "ChildStderr", "exit", "abort"]),
    (
        &["std", "io"],
        &["stdin", "stdout", "stderr", "Stdin", "Stdout", "Stderr", "StdinLock", "StdoutLock", "StderrLock"],
    ),
    (&["tokio", "io"], &["stdin", "stdout", "stderr", "Stdin", "Stdout", "Stderr"]),
];

/// std's modules whose idiomatic import (`use std::fs;`) is written at the module level, out
/// of the attribute's sight: `fs::read(..)` is taken for `std::fs::read`.
const STD_MODULES: [&str; 4] = ["fs", "net", "process", "io"];

/// Types taken for std's when written bare and not imported by the method, with their module.
const BARE_TYPES: [(&str, &str); 5] =
    [("File", "fs"), ("OpenOptions", "fs"), ("TcpStream", "net"), ("TcpListener", "net"), ("UdpSocket", "net")];

/// How many `use` renames a path is followed through (`use std as s; use s::fs;`).
const MAX_HOPS: usize = 4;

/// Reports every I/O of every coordination method.
pub(crate) fn check(block: &Block<'_>, errors: &mut Diagnostics) {
    for method in block.checked(Rule::DirectIo) {
        let mut finder = Finder { collecting: true, ..Finder::default() };
        finder.visit_block(&method.func.block);
        finder.collecting = false;
        finder.prepare();
        finder.visit_block(&method.func.block);
        finder.report(&method.name, errors);
    }
}

/// Whether the item at the resolved path `path` (or an item inside it) is I/O.
fn is_io(path: &[String]) -> bool {
    let starts_with = |prefix: &[&str]| path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| a == b);
    IO_MODULES.iter().any(|module| starts_with(module))
        || IO_ITEMS.iter().any(|(module, items)| {
            starts_with(module) && path.get(module.len()).is_some_and(|item| items.contains(&item.as_str()))
        })
}

/// One name bound by a `use` of the method.
struct Import {
    /// The name it binds (`Conn`); `None` for a glob.
    name: Option<String>,
    /// The path it imports (`std::net::TcpStream`), or the glob's module.
    target: Vec<String>,
    /// The `use` leaf, where an error about it points.
    tokens: TokenStream,
    /// The leaf as written in full: `std::net::TcpStream as Conn`, `std::fs::*`.
    written: String,
}

/// One I/O found, in source order.
struct Finding {
    tokens: TokenStream,
    /// The I/O `use` it is or goes through: all of these are one error, at the `use`.
    import: Option<usize>,
    /// A path as written, and what it resolves to when a `use` of the method renamed it;
    /// `None` for a `use` leaf.
    path: Option<(String, Option<String>)>,
}

#[derive(Default)]
struct Finder {
    /// The first pass only collects the method's imports; the second finds the I/O.
    collecting: bool,
    imports: Vec<Import>,
    /// The imports that are I/O themselves.
    io_imports: BTreeSet<usize>,
    /// The glob imports of modules that also hold plain values (`use std::process::*;`), by
    /// index, with their module resolved. (A glob of a module that is all I/O is I/O itself.)
    globs: Vec<(usize, Vec<String>)>,
    /// The index of the next `use` leaf of the second pass, in `imports`.
    next_import: usize,
    findings: Vec<Finding>,
}

impl Finder {
    /// After the imports are collected: which are I/O, and the globs that bare names may come from.
    fn prepare(&mut self) {
        let targets: Vec<Vec<String>> = self.imports.iter().map(|import| self.imported(&import.target)).collect();
        self.io_imports = (0..targets.len()).filter(|&index| is_io(&targets[index])).collect();
        self.globs = targets
            .into_iter()
            .enumerate()
            .filter(|(index, _)| self.imports[*index].name.is_none() && !self.io_imports.contains(index))
            .collect();
    }

    /// What an import's `target` resolves to; a bare std module (`use fs::*;`) is std's.
    fn imported(&self, target: &[String]) -> Vec<String> {
        let mut resolved = self.resolve(target, 0).0;
        if let [only] = resolved.as_slice()
            && STD_MODULES.contains(&only.as_str())
        {
            resolved.insert(0, "std".to_owned());
        }
        resolved
    }

    /// `path` resolved through the method's imports and the std idioms, and the import it went
    /// through.
    fn resolve(&self, path: &[String], hops: usize) -> (Vec<String>, Option<usize>) {
        let Some(first) = path.first() else { return (Vec::new(), None) };
        if ["self", "super", "crate", "Self", "std", "core", "alloc", "tokio"].contains(&first.as_str()) {
            return (path.to_vec(), None);
        }
        if hops < MAX_HOPS
            && let Some(index) = self.imports.iter().rposition(|i| i.name.as_ref() == Some(first))
        {
            let mut full = self.imports[index].target.clone();
            full.extend(path[1..].iter().cloned());
            return (self.resolve(&full, hops + 1).0, Some(index));
        }
        if STD_MODULES.contains(&first.as_str()) && path.len() >= 2 {
            return (std::iter::once("std".to_owned()).chain(path.iter().cloned()).collect(), None);
        }
        let globbed = self.globs.iter().find_map(|(index, module)| {
            let full: Vec<String> = module.iter().chain(path).cloned().collect();
            is_io(&full).then_some((full, Some(*index)))
        });
        if let Some(found) = globbed {
            return found;
        }
        match BARE_TYPES.iter().find(|(name, _)| first == name) {
            Some((_, module)) => {
                (["std", module].iter().map(ToString::to_string).chain(path.iter().cloned()).collect(), None)
            }
            None => (path.to_vec(), None),
        }
    }

    /// The leaves of a `use` tree, `prefix` being the segments above it.
    fn leaves(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<Import>) {
        let leaf = |prefix: &[String], ident: &Ident, name: &Ident, tokens: TokenStream, rename: bool| {
            let target: Vec<String> = prefix.iter().cloned().chain([ident.unraw().to_string()]).collect();
            let suffix = if rename { format!(" as {name}") } else { String::new() };
            let written = format!("{}{suffix}", target.join("::"));
            Import { name: Some(name.unraw().to_string()), target, tokens, written }
        };
        match tree {
            UseTree::Path(path) => {
                prefix.push(path.ident.unraw().to_string());
                Self::leaves(&path.tree, prefix, out);
                prefix.pop();
            }
            // `use std::fs::{self};` binds `fs`.
            UseTree::Name(name) if name.ident == "self" => {
                if let Some((last, above)) = prefix.split_last() {
                    let ident = Ident::new(last, name.ident.span());
                    out.push(leaf(above, &ident, &ident, name.to_token_stream(), false));
                }
            }
            UseTree::Name(name) => out.push(leaf(prefix, &name.ident, &name.ident, name.to_token_stream(), false)),
            UseTree::Rename(rename) => {
                out.push(leaf(prefix, &rename.ident, &rename.rename, rename.to_token_stream(), true));
            }
            UseTree::Glob(glob) => out.push(Import {
                name: None,
                target: prefix.clone(),
                tokens: glob.to_token_stream(),
                written: format!("{}::*", prefix.join("::")),
            }),
            UseTree::Group(group) => {
                for tree in &group.items {
                    Self::leaves(tree, prefix, out);
                }
            }
        }
    }

    /// One error per I/O path, and one per I/O `use` together with the paths through it.
    fn report(self, method: &str, errors: &mut Diagnostics) {
        let mut reported = BTreeSet::new();
        for finding in &self.findings {
            let what = match (finding.import, &finding.path) {
                (Some(index), _) => {
                    if !reported.insert(index) {
                        continue;
                    }
                    let import = &self.imports[index];
                    let mut uses: Vec<&str> = Vec::new();
                    for path in self.findings.iter().filter(|f| f.import == Some(index)).filter_map(|f| f.path.as_ref())
                    {
                        if !uses.contains(&path.0.as_str()) {
                            uses.push(&path.0);
                        }
                    }
                    let used =
                        if uses.is_empty() { String::new() } else { format!(" (used as `{}`)", uses.join("`, `")) };
                    errors.at(&import.tokens, message(&format!("`use {}`{used}", import.written), method));
                    continue;
                }
                (None, Some((written, Some(resolved)))) if written != resolved => format!("`{written}` (`{resolved}`)"),
                (None, Some((written, _))) => format!("`{written}`"),
                (None, None) => continue,
            };
            errors.at(&finding.tokens, message(&what, method));
        }
    }
}

fn message(what: &str, method: &str) -> String {
    Rule::DirectIo.message(format_args!("{what} in coordination method `{method}`"), REASON, FIX)
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_path(&mut self, node: &'ast Path) {
        if self.collecting {
            return syn::visit::visit_path(self, node);
        }
        let segments: Vec<String> = node.segments.iter().map(|s| s.ident.unraw().to_string()).collect();
        let (resolved, via) = self.resolve(&segments, 0);
        if is_io(&resolved) {
            let written = segments.join("::");
            let resolved = via.map(|_| resolved.join("::"));
            let import = via.filter(|index| self.io_imports.contains(index));
            self.findings.push(Finding { tokens: node.to_token_stream(), import, path: Some((written, resolved)) });
        } else {
            syn::visit::visit_path(self, node);
        }
    }

    fn visit_item_use(&mut self, node: &'ast ItemUse) {
        let mut leaves = Vec::new();
        Self::leaves(&node.tree, &mut Vec::new(), &mut leaves);
        if self.collecting {
            self.imports.extend(leaves);
            return;
        }
        for leaf in leaves {
            let index = self.next_import;
            self.next_import += 1;
            if self.io_imports.contains(&index) && self.imports.get(index).is_some_and(|i| i.written == leaf.written) {
                self.findings.push(Finding { tokens: leaf.tokens, import: Some(index), path: None });
            }
        }
    }

    fn visit_expr_method_call(&mut self, node: &'ast ExprMethodCall) {
        if !self.collecting && node.method == "to_socket_addrs" {
            let tokens = node.method.to_token_stream();
            self.findings.push(Finding { tokens, import: None, path: Some((".to_socket_addrs()".to_owned(), None)) });
        }
        syn::visit::visit_expr_method_call(self, node);
    }

    fn visit_macro(&mut self, node: &'ast Macro) {
        walk_macro(self, node);
    }
}
