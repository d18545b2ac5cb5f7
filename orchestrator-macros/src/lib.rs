//! Procedural macros of `orchestrator`.
use proc_macro::TokenStream;

#[proc_macro_derive(Orchestrator, attributes(orchestrator, component))]
pub fn derive_orchestrator(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}

#[proc_macro_attribute]
pub fn orchestrate(args: TokenStream, input: TokenStream) -> TokenStream {
    let _ = args;
    input
}
