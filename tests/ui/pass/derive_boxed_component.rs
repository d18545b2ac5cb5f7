//! A boxed component is a component: `Box<C>` delegates to `C`, also `Box<dyn Component>`
//! (chosen at run time) and, `Send`, in an async orchestrator.
use orchestrator::async_prelude::*;

struct Database {
    open: bool,
}
impl Component for Database {
    fn init(&mut self) -> Result<(), ComponentError> {
        self.open = true;
        Ok(())
    }
}

struct Memory;
impl Component for Memory {}
struct Disk;
impl Component for Disk {}

#[derive(Orchestrator)]
struct Service {
    #[component]
    database: Box<Database>,
    #[component]
    storage: Box<dyn Component>,
    lifecycle: Lifecycle,
}

#[derive(Orchestrator)]
#[orchestrator(async)]
struct AsyncService {
    #[component]
    database: Box<Database>,
    #[component]
    storage: Box<dyn Component + Send>,
    lifecycle: Lifecycle,
}

fn storage(on_disk: bool) -> Box<dyn Component> {
    if on_disk { Box::new(Disk) } else { Box::new(Memory) }
}

fn main() {
    let mut service = Service::from_parts(Box::new(Database { open: false }), storage(true));
    service.initialize().unwrap();
    assert!(service.database.open);
    let _ = AsyncService::from_parts(Box::new(Database { open: false }), Box::new(Memory));
}
