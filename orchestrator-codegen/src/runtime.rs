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
