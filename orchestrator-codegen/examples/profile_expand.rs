//! Runs the two macros' functions over every `#[derive(Orchestrator)]` struct and
//! `#[orchestrate]` block of a Rust file, ROUNDS times (default 1), without printing: a target
//! for a profiler, to see where the macros spend their time.
//!
//! ```text
//! cargo build -p orchestrator-codegen --example profile_expand
//! valgrind --tool=callgrind target/debug/examples/profile_expand FILE
//! ```

use quote::ToTokens;
use syn::Item;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: profile_expand FILE");
        std::process::exit(2);
    };
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(1);
    let source = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let file = syn::parse_file(&source).unwrap_or_else(|error| panic!("{path}: {error}"));
    let mut derives = Vec::new();
    let mut blocks = Vec::new();
    for item in file.items {
        match item {
            Item::Struct(item)
                if item.attrs.iter().any(|a| a.to_token_stream().to_string().contains("Orchestrator")) =>
            {
                derives.push(item.to_token_stream());
            }
            Item::Impl(mut item) => {
                if let Some(at) = item.attrs.iter().position(|a| a.path().is_ident("orchestrate")) {
                    item.attrs.remove(at);
                    blocks.push(item.to_token_stream());
                }
            }
            _ => {}
        }
    }
    let mut size = 0;
    for _ in 0..rounds {
        for input in &derives {
            size += orchestrator_codegen::derive(input.clone()).into_iter().count();
        }
        for input in &blocks {
            size +=
                orchestrator_codegen::orchestrate(proc_macro2::TokenStream::new(), input.clone()).into_iter().count();
        }
    }
    println!("{} derives, {} blocks, {size} top-level tokens out", derives.len(), blocks.len());
}
