"""The low-level module: the one the other imports."""

import asyncio
from typing import TypeVar

_background_tasks: set[asyncio.Task[object]] = set()
_TaskT = TypeVar("_TaskT", bound="asyncio.Task[object]")


def keep_task(task: _TaskT) -> _TaskT:
    """Keep a reference to `task` until it is done, so it is not garbage-collected."""
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task


async def work():
    await asyncio.sleep(1)


class Connection:
    def __init__(self, loop):
        self.loop = loop

    def dispatch(self):
        keep_task(self.loop.create_task(work()))
