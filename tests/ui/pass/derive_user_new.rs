//! A hand-written `pub fn new` (and `from_config`) next to the derive: the derive generates
//! `from_parts(...)` and takes no name an impl block of your own commonly uses, so both
//! compile, and `new` builds on `from_parts`.
use orchestrator::prelude::*;

#[derive(Debug)]
struct JobConfig {
    workers: usize,
}

struct Queue {
    capacity: usize,
}
impl Component for Queue {}

struct Workers {
    count: usize,
}
impl Component for Workers {}

#[derive(Orchestrator)]
struct JobServer {
    #[orchestrator(config)]
    config: JobConfig,
    #[component]
    queue: Queue,
    #[component(after(queue))]
    workers: Workers,
    lifecycle: Lifecycle,
}

impl JobServer {
    pub fn new(config: JobConfig) -> Self {
        let queue = Queue { capacity: config.workers * 16 };
        let workers = Workers { count: config.workers };
        Self::from_parts(config, queue, workers)
    }

    pub fn from_config(path: &str) -> Result<Self, String> {
        let workers = path.len();
        Ok(Self::new(JobConfig { workers }))
    }
}

fn main() {
    let mut server = JobServer::new(JobConfig { workers: 4 });
    server.initialize().unwrap();
    assert_eq!(server.queue.capacity, 64);
    assert_eq!(server.workers.count, 4);
    assert!(JobServer::from_config("jobs.toml").is_ok());
}
