//! An async orchestrator: its components initialize level by level of the `after(...)` graph,
//! one with a timeout (`timeout_ms`, which needs the `tokio` feature); an async register hook;
//! and an `#[orchestrate]` block with an async coordination method.

use orchestrator::prelude::*;

#[derive(Orchestrator)]
#[orchestrator(async, register = Self::wire)]
pub struct Services {
    #[component(timeout_ms = 500)]
    database: Database,
    #[component(name = "http", after(database))]
    server: HttpServer,
    lifecycle: Lifecycle,
}

#[orchestrate]
impl Services {
    /// Answers one request from the database.
    pub async fn handle(&self, request: Request) -> Result<Response, NotReady> {
        let rows = self.database.query(&request).await;
        Ok(self.server.respond(rows))
    }

    // The register hook: runs once, after every component's init.
    async fn wire(&mut self) -> Result<(), ComponentError> {
        self.server.mount(&self.database);
        Ok(())
    }
}
