"""A holder shut down through a local alias or a plain helper of the same file, called as a
statement (issue 35)."""

import asyncio


def cancel_all(tasks):
    for t in tasks:
        t.cancel()


class A:
    def __init__(self):
        self._tasks = set()
        self._task = None
        self._other = None

    def start(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        self._task = asyncio.create_task(coro)
        self._other = asyncio.create_task(coro)

    async def close(self):
        tasks = self._tasks
        for t in tasks:
            t.cancel()
        task = self._task
        task.cancel()
        cancel_all([self._other])


class B:
    def __init__(self):
        self._tasks = set()

    def start(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def close(self):
        cancel_all(self._tasks)
