//! `--strategy owner` in a class derived from a singleton of another file (apitally-py's
//! `ApitallyClient(ApitallyClientBase)`, issue 36's development set): the base's `__new__` hands
//! back its one instance, so the derived class's `__init__` runs again on it at every
//! construction, and an instance set created there would be replaced, its tasks dropped.

use std::fs;

use crate::keepers::{fixed_project, runs_ok};

/// Constructs the client a second time after its task started (the base's `__init__` raises,
/// as apitally's does), collects garbage, and waits for every task.
const RUN: &str = "import asyncio, gc
from app import client, work


async def main():
    first = client.Client('a')
    first.start()
    try:
        client.Client('b')
    except RuntimeError:
        pass
    client.Other('c').start()
    client.Counter('d').start()
    client.Parser('e').start()
    gc.collect()
    for _ in range(100):
        await asyncio.sleep(0.01)
        if len(work.DONE) == 4:
            break
    assert sorted(work.DONE) == ['client', 'counter', 'other', 'parser'], work.DONE
    print('ok')


asyncio.new_event_loop().run_until_complete(main())
";

/// `testdata/keepers/singleton_base/project`: `Client(ClientBase)` and `Other(base.ClientBase)`,
/// whose base in `app/base.py` caches its instance in `__new__`, keep their tasks in the module
/// set; `Counter(Plain)`, whose base's `__new__` makes a new instance each time, and
/// `Parser(Registered)`, whose base's `__new__` sets a class attribute but returns the new
/// instance (steam.py's `Registerable`), in an instance set.
#[test]
fn a_class_derived_from_another_files_singleton_keeps_its_tasks_in_the_module_set() {
    let dir = fixed_project("keepers/singleton_base");
    let client = fs::read_to_string(dir.path().join("app/client.py")).unwrap();
    assert!(
        client.contains("\n_background_tasks: \"Set[asyncio.Task[object]]\" = set()\n"),
        "{client}"
    );
    assert_eq!(
        client
            .matches("        _background_tasks.add(task)\n")
            .count(),
        2,
        "{client}"
    );
    assert_eq!(
        client.matches("self._tasks.add(task)").count(),
        2,
        "{client}"
    );
    assert!(!client.contains("self._background_tasks"), "{client}");
    runs_ok(
        "a_class_derived_from_another_files_singleton_keeps_its_tasks_in_the_module_set",
        dir.path(),
        RUN,
    );
}
