//! Near misses of `direct_io`: a domain `Command` enum, the value types of `std::net`, `std::process` and
//! `std::io`, paths that are only text, a `use` of value types.
use orchestrator::prelude::*;

#[derive(Debug, Default)]
struct Validator;
impl Component for Validator {}
impl Validator {
    fn validate(&self, x: u32) -> u32 {
        x
    }
}

#[derive(Debug, Default)]
struct Store;
impl Component for Store {}
impl Store {
    fn put(&mut self, x: u32) -> u32 {
        x
    }
}

#[derive(Orchestrator)]
struct Processing {
    #[component]
    validator: Validator,
    #[component]
    store: Store,
    lifecycle: Lifecycle,
}

/// A domain command, not a process.
#[derive(Debug, Clone, Copy)]
enum Command {
    Start,
    Stop,
}

#[orchestrate]
impl Processing {
    pub fn handle(&mut self, command: Command) -> u32 {
        match command {
            Command::Start => self.validator.validate(1),
            Command::Stop => self.store.put(0),
        }
    }

    pub fn describe(&mut self) -> (std::net::SocketAddr, std::process::ExitCode, &'static str) {
        use std::net::{IpAddr, Ipv4Addr};
        let local = std::net::Ipv4Addr::LOCALHOST;
        let error: std::io::Error = std::io::ErrorKind::NotFound.into();
        let _ = (self.validator.validate(0), error.kind(), Ipv4Addr::UNSPECIFIED);
        let name = stringify!(std::fs::read_to_string);
        (std::net::SocketAddr::new(IpAddr::V4(local), 80), std::process::ExitCode::SUCCESS, name)
    }
}

fn main() {
    let mut p = Processing::from_parts(Validator, Store);
    p.initialize().unwrap();
    assert_eq!(p.handle(Command::Start), 1);
    assert_eq!(p.handle(Command::Stop), 0);
    assert_eq!(p.describe().0.port(), 80);
}
