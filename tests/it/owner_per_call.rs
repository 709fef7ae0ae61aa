//! `--strategy owner` in a class the project builds only for one call (bambuddy's
//! `ArchiveService(db)`, exam36n): every construction outside the tests binds the instance to a
//! local that only calls its methods, or calls one on it at once, so nothing keeps the instance
//! once the call returns, and a set on it would die with it while a task that holds nothing of
//! it (a top-level function's coroutine) still runs: that task goes to the module set. A class
//! built once at module level, one kept on an object elsewhere, one that hands itself to a
//! registry, and one built per call whose task holds it (`self._pump()`) keep theirs on the
//! instance.

use std::fs;

use crate::keepers::{fixed_project, runs_ok};

const RUN: &str = "import asyncio, gc
from app import main, services, work


async def main_():
    await main.archive(None)
    main.convert(None)
    services.scheduler.start()
    main.once(None)
    gc.collect()
    for _ in range(100):
        await asyncio.sleep(0.01)
        if len(work.DONE) == 6:
            break
    assert sorted(work.DONE) == ['archive', 'convert', 'listener', 'pipeline', 'proxy', 'scheduler'], work.DONE
    print('ok')


asyncio.new_event_loop().run_until_complete(main_())
";

/// `testdata/keepers/per_call_owner/project`: `ArchiveService`, built per call in `app/main.py`
/// (and kept in a list only by a test, which says nothing of the program), keeps its task in the
/// module set; `Scheduler`, `Pipeline`, `Listener` and `Proxy` on the instance.
#[test]
fn a_class_built_only_per_call_keeps_its_tasks_in_the_module_set() {
    let dir = fixed_project("keepers/per_call_owner");
    let services = fs::read_to_string(dir.path().join("app/services.py")).unwrap();
    assert!(
        services.contains("\n_background_tasks: \"Set[asyncio.Task[object]]\" = set()\n"),
        "{services}"
    );
    assert_eq!(
        services
            .matches("        _background_tasks.add(task)\n")
            .count(),
        1,
        "{services}"
    );
    assert_eq!(
        services.matches("self._tasks.add(task)").count(),
        4,
        "{services}"
    );
    runs_ok(
        "a_class_built_only_per_call_keeps_its_tasks_in_the_module_set",
        dir.path(),
        RUN,
    );
}
