//! Where generated code finds the runtime: the facade crate (`::orchestrator`, or the
//! `crate = path` given) and, in it, the hidden module of the items generated code uses.
//!
//! The hidden module promises only what the macros of the same version emit, so its name
//! carries that version (`__private_0_1_0` for 0.1.0), taken here from this crate's own
//! version, which the workspace shares with `orchestrator-core` and the facade: expansion from
//! macros of another version fails to resolve the module, rather than reaching items that have
//! changed. `orchestrator-core` declares the module under the same name, and the facade
//! re-exports it.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::Path;

use crate::diag::Diagnostics;

/// The package's name as a path segment: what `crate = ...` is often written as, though the
/// library is `orchestrator`.
const PACKAGE: &str = "orchestrator_pattern";

/// The name of the hidden module.
pub const HIDDEN_MODULE: &str = concat!(
    "__private_",
    env!("CARGO_PKG_VERSION_MAJOR"),
    "_",
    env!("CARGO_PKG_VERSION_MINOR"),
    "_",
    env!("CARGO_PKG_VERSION_PATCH"),
);

/// The runtime's path when no `crate = path` is given: the facade.
pub fn default_crate() -> Path {
    syn::parse_quote!(::orchestrator)
}

/// The runtime's path given with `crate = path`, or `None` (the default) after reporting a path
/// that names the package, `orchestrator_pattern`, which is no crate: the library is
/// `orchestrator`. Every other path is taken as given (a renamed dependency's key).
pub fn given_crate(path: Path, errors: &mut Diagnostics) -> Option<Path> {
    let first = path.segments.first().map(|s| s.ident.to_string());
    if path.segments.len() == 1 && first.as_deref() == Some(PACKAGE) {
        errors.at(
            &path,
            format!(
                "`{PACKAGE}` is the package's name, not a crate: the package `orchestrator-pattern` provides the library `orchestrator`. \
                 help: remove `crate = {PACKAGE}` (generated code finds `::orchestrator` by itself); with the dependency renamed in \
                 Cargo.toml (`my_orch = {{ package = \"orchestrator-pattern\", .. }}`), write the name it has there: `crate = my_orch`"
            ),
        );
        return None;
    }
    Some(path)
}

/// The path of the hidden module in the runtime at `krate`.
pub fn hidden_module(krate: &Path) -> TokenStream {
    let module = Ident::new(HIDDEN_MODULE, Span::call_site());
    quote!(#krate::#module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hidden_module_is_named_after_the_version() {
        let version = env!("CARGO_PKG_VERSION").replace('.', "_");
        assert_eq!(HIDDEN_MODULE, format!("__private_{version}"));
        let path = hidden_module(&syn::parse_quote!(my::orch)).to_string();
        assert_eq!(path, format!("my :: orch :: __private_{version}"));
    }
}
