//! The development set's record of the project keeper the maintainers called (`keepers.json`,
//! `scripts/devset.py`): only a keeper undangle could reuse, one that keeps its task strongly on
//! every path, is counted; the harness then reports a site kept without it.

use crate::common;

/// Issue 36's three cases that no keeper of the code could have kept: better_thermostat's
/// `self._control_task = asyncio.create_task(...)` calls asyncio's function, not the project's
/// `TaskManager.create_task` of the same name; hail's `BackgroundTaskManager.ensure_future` kept
/// its tasks in a `weakref.WeakSet` before the fix; py-xiaozhi's `TaskManager.spawn` returns
/// without making the task while shutting down. Near misses stay keepers: the same method
/// called on its object, the same class with a plain set, a check that only asserts, and a
/// `return` inside the keeper's own done callback.
#[test]
fn a_keeper_named_by_asyncio_weak_or_leaving_early_is_not_the_projects() {
    let program = r#"import devset
manager = '''import asyncio
class TaskManager:
    def __init__(self):
        self.tasks = set()
    def create_task(self, coro):
        task = asyncio.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task
'''
print(devset.keepers_called([manager], ["        self._control_task = asyncio.create_task(q(self))"]))
print(devset.keepers_called([manager], ["        self.task_manager.create_task(q(self))"]))
weak = '''import asyncio, weakref
class BackgroundTaskManager:
    def __init__(self):
        self.tasks: weakref.WeakSet = weakref.WeakSet()
        self._closed = False
    def ensure_future(self, coroutine):
        t = asyncio.ensure_future(coroutine)
        self.tasks.add(t)
        return t
'''
added = ["            self._task_manager.ensure_future(_release(conn))"]
print(devset.keepers_called([weak], added))
print(devset.keepers_called([weak.replace("weakref.WeakSet()", "set()")], added))
closing = weak.replace("weakref.WeakSet()", "set()").replace(
    "        t = asyncio", "        if self._closed:\n            raise RuntimeError\n        t = asyncio")
print(devset.keepers_called([closing], added))
spawn = '''import asyncio
class TaskManager:
    def __init__(self):
        self._tasks = set()
        self._running = False
    def spawn(self, coro, name):
        if not self._running:
            return None
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        def _on_done(t):
            self._tasks.discard(t)
            if t.cancelled():
                return
        task.add_done_callback(_on_done)
        return task
'''
added = ['        self._tasks.spawn(self._bus.emit(E.QUIT), name="ui:quit")']
print(devset.keepers_called([spawn], added))
asserted = spawn.replace("        if not self._running:\n            return None\n",
                         "        assert self._running\n")
print(devset.keepers_called([asserted], added))
"#;
    common::assert_harness_prints(
        program,
        "[]\n['create_task']\n[]\n['ensure_future']\n[]\n[]\n['spawn']\n",
    );
}
