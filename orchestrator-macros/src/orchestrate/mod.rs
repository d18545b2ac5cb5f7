//! `#[orchestrate]`: placeholder until the impl-block rules land; passes the item through.

/// Expands `#[orchestrate]` on an impl block.
pub fn expand(args: proc_macro2::TokenStream, input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let _ = args;
    input
}
