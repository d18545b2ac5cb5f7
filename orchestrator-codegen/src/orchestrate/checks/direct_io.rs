//! `direct_io`: file, network or process access in a coordination method: a path through
//! `std::fs`, `std::net`, `std::process` or their `tokio` forms, or one of the types `File`,
//! `OpenOptions`, `TcpStream`, `TcpListener`, `UdpSocket`, `Command`; in expressions, types,
//! and `use` items inside the body. The attribute cannot see the module's `use` items, so a path
//! that starts with `fs::`, `net::` or `process::` counts too (the idiomatic `use std::fs;` then
//! `fs::read(...)`); a module of your own with one of these names needs `allow(direct_io)`.

use syn::visit::Visit;
use syn::{Ident, ItemUse, Macro, Path, UseTree};

use super::body::macro_exprs;
use crate::diag::Diagnostics;
use crate::orchestrate::model::Block;
use crate::rule::Rule;

const REASON: &str = "an orchestrator reaches files, the network and processes only through its components";
const FIX: &str = "move the I/O into a component (injectable, so tests can mock it) and call it";

/// Modules whose use is I/O.
const MODULES: [[&str; 2]; 6] =
    [["std", "fs"], ["std", "net"], ["std", "process"], ["tokio", "fs"], ["tokio", "net"], ["tokio", "process"]];

/// Types whose use is I/O, wherever they come from.
const TYPES: [&str; 6] = ["File", "OpenOptions", "TcpStream", "TcpListener", "UdpSocket", "Command"];

/// Reports every I/O path of every coordination method.
pub(crate) fn check(block: &Block<'_>, errors: &mut Diagnostics) {
    for method in block.checked(Rule::DirectIo) {
        let mut finder = Finder { method: &method.name, errors: &mut *errors };
        finder.visit_block(&method.func.block);
    }
}

/// The I/O modules as they are named once imported (`use std::fs;`).
const IMPORTED: [&str; 3] = ["fs", "net", "process"];

/// Whether the path with these segments is I/O.
pub(crate) fn is_io(segments: &[String]) -> bool {
    let module = MODULES.iter().any(|m| segments.len() >= 2 && segments[..2] == m[..]);
    let imported = segments.len() >= 2 && IMPORTED.contains(&segments[0].as_str());
    module || imported || segments.iter().any(|s| TYPES.contains(&s.as_str()))
}

struct Finder<'e> {
    method: &'e str,
    errors: &'e mut Diagnostics,
}

impl Finder<'_> {
    fn report(&mut self, tokens: &dyn quote::ToTokens, segments: &[String]) {
        let what = format!("`{}` in coordination method `{}`", segments.join("::"), self.method);
        self.errors.at(tokens, Rule::DirectIo.message(&what, REASON, FIX));
    }

    /// Checks each leaf of a `use` tree, `prefix` being the segments above it.
    fn use_tree(&mut self, tree: &UseTree, prefix: &mut Vec<String>) {
        let leaf = |this: &mut Self, ident: &Ident, prefix: &mut Vec<String>| {
            prefix.push(ident.to_string());
            if is_io(prefix) {
                this.report(ident, prefix);
            }
            prefix.pop();
        };
        match tree {
            UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(&path.tree, prefix);
                prefix.pop();
            }
            UseTree::Name(name) => leaf(self, &name.ident, prefix),
            UseTree::Rename(rename) => leaf(self, &rename.ident, prefix),
            UseTree::Glob(glob) => {
                if is_io(prefix) {
                    self.report(glob, prefix);
                }
            }
            UseTree::Group(group) => {
                for tree in &group.items {
                    self.use_tree(tree, prefix);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_path(&mut self, node: &'ast Path) {
        let segments: Vec<String> = node.segments.iter().map(|s| s.ident.to_string()).collect();
        if is_io(&segments) {
            self.report(node, &segments);
        } else {
            syn::visit::visit_path(self, node);
        }
    }

    fn visit_item_use(&mut self, node: &'ast ItemUse) {
        self.use_tree(&node.tree, &mut Vec::new());
    }

    fn visit_macro(&mut self, node: &'ast Macro) {
        for expr in macro_exprs(node) {
            self.visit_expr(&expr);
        }
    }
}
