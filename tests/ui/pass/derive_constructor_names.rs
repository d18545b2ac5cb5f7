//! The generated constructors under names of your choosing: `from_parts = name` renames the
//! one taking every field (here to `new`), `from_config = name` asks for the one building every
//! component from the config, under that name.
use orchestrator::prelude::*;

#[derive(Debug, Default)]
struct Settings {
    size: usize,
}

struct Cache {
    size: usize,
}
impl Component for Cache {}
impl FromConfig<Settings> for Cache {
    fn from_config(settings: &Settings) -> Self {
        Cache { size: settings.size }
    }
}

struct Store;
impl Component for Store {}
impl FromConfig<Settings> for Store {
    fn from_config(_: &Settings) -> Self {
        Store
    }
}

#[derive(Orchestrator)]
#[orchestrator(from_parts = new, from_config = load)]
struct Shop {
    #[orchestrator(config)]
    settings: Settings,
    #[component]
    cache: Cache,
    #[component]
    store: Store,
    lifecycle: Lifecycle,
}

#[derive(Orchestrator)]
#[orchestrator(from_config)]
struct Plain {
    #[orchestrator(config)]
    settings: Settings,
    #[component]
    cache: Cache,
    #[component]
    store: Store,
    lifecycle: Lifecycle,
}

fn main() {
    let mut shop = Shop::new(Settings::default(), Cache { size: 1 }, Store);
    shop.initialize().unwrap();
    let loaded = Shop::load(Settings { size: 8 });
    assert_eq!(loaded.cache.size, 8);
    let plain = Plain::from_config(Settings { size: 2 });
    assert_eq!(plain.cache.size, 2);
    let parts = Plain::from_parts(Settings::default(), Cache { size: 3 }, Store);
    assert_eq!(parts.cache.size, 3);
}
