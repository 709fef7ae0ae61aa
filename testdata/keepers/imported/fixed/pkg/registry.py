"""A class that keeps the tasks of its users: its method takes the coroutine."""

import asyncio


class Registry:
    def __init__(self):
        self._tasks = set()

    def background(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
