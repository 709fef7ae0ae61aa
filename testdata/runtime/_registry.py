"""A class that keeps the tasks of the objects that hold an instance of it: its method takes the
coroutine, makes the task and keeps it until done."""

import asyncio


class Registry:
    def __init__(self):
        self._background_tasks = set()

    def background(self, coro):
        task = asyncio.ensure_future(coro)
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)
        return task
