"""A done callback that reads `result()` or `exception()` retrieves the exception, also
through `functools.partial` (issue 35)."""

import asyncio
import functools


def _on_done(name, task):
    if not task.cancelled() and task.exception() is not None:
        print(name, "failed")


class A:
    def __init__(self):
        self._tasks = set()

    def start(self, coro, name):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(functools.partial(_on_done, name))

    def start_nested(self, coro):
        def done(t):
            try:
                t.result()
            except Exception:
                pass

        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(done)
