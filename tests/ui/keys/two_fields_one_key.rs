//! Two fields whose names give the same key (`db_2` and `db2` are both `Db2`): one error, at
//! the second field.
use orchestrator::prelude::*;

struct Database;
impl Component for Database {}

#[derive(Orchestrator)]
struct Shop {
    #[component]
    db_2: Database,
    #[component]
    db2: Database,
    lifecycle: Lifecycle,
}

fn main() {
    let _ = Shop::from_parts(Database, Database);
}
