"""The high-level module, built on `core`."""

import asyncio
from typing import TypeVar

import core as low
from core import Connection

_background_tasks: set[asyncio.Task[object]] = set()
_TaskT = TypeVar("_TaskT", bound="asyncio.Task[object]")


def _keep_task(task: _TaskT) -> _TaskT:
    """Keep a reference to `task` until it is done, so it is not garbage-collected."""
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task


class Bus:
    def __init__(self, connection: Connection):
        self.connection = connection

    def notify(self):
        _keep_task(self.connection.loop.create_task(low.work()))

    def later(self):
        loop = asyncio.get_running_loop()
        loop.call_later(1, lambda: _keep_task(asyncio.ensure_future(low.work())))
