//! A keeper that can return or raise before it makes its task keeps nothing on that path: no
//! strategy reuses it (issue 36's py-xiaozhi and hail shapes).

use std::fs;

use crate::common::undangle;
use crate::keepers::{fixed_project, runs_ok};

/// What runs the fixed `keepers/guarded_keeper` project: each view's site under a running loop,
/// a collection of garbage, then every task done.
const RUN_GUARDED: &str = "import asyncio, gc
from app import views, work


async def main():
    for view in (views.GuardedView(), views.ClosingView(), views.PlainView()):
        view.clicked()
    gc.collect()
    for _ in range(1000):
        await asyncio.sleep(0.01)
        gc.collect()
        if len(work.DONE) == 3:
            break
    assert sorted(work.DONE) == ['closing', 'guarded', 'plain'], work.DONE
    print('ok')


asyncio.new_event_loop().run_until_complete(main())
";

/// `testdata/keepers/guarded_keeper/project`: `TaskManager.spawn` returns `None` without making
/// the task while it shuts down (the coroutine never runs), `Closing.ensure_future` raises once
/// closed; the views that hold them get the strategy's keeping. `Keeper.spawn` makes and keeps
/// every task (the `return` is in its own done callback): `PlainView` calls it. The fixed
/// project runs under CPython 3.8 and the newest.
#[test]
fn a_keeper_that_returns_or_raises_before_its_task_is_not_reused() {
    let dir = fixed_project("keepers/guarded_keeper");
    let views = fs::read_to_string(dir.path().join("app/views.py")).unwrap();
    assert!(
        views.contains("        self.keeper.spawn(work(\"plain\"))\n"),
        "{views}"
    );
    assert!(!views.contains("self.tasks.spawn("), "{views}");
    assert!(!views.contains("self.manager.ensure_future("), "{views}");
    assert_eq!(
        views.matches("_background_tasks.add(task)").count(),
        2,
        "{views}"
    );
    runs_ok(
        "a_keeper_that_returns_or_raises_before_its_task_is_not_reused",
        dir.path(),
        RUN_GUARDED,
    );
    // `helper` and `owner` choose the same keepers.
    for strategy in ["helper", "owner"] {
        let project = tempfile::tempdir().unwrap();
        let source = crate::common::testdata("keepers/guarded_keeper/project");
        crate::common::copy_tree(&source, project.path());
        let out = undangle()
            .args(["diff", "--strategy", strategy, "--color", "never"])
            .current_dir(project.path())
            .output()
            .unwrap();
        let diff = String::from_utf8_lossy(&out.stdout);
        assert!(
            diff.contains("+        self.keeper.spawn(work(\"plain\"))\n"),
            "{diff}"
        );
        assert!(!diff.contains("self.tasks.spawn("), "{diff}");
        assert!(!diff.contains("self.manager.ensure_future("), "{diff}");
    }
}
