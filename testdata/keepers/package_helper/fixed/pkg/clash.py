"""Binds the helper's name to something else: it keeps its own helper."""
import asyncio
from typing import Set, TypeVar

_background_tasks: "Set[asyncio.Task[object]]" = set()
_TaskT = TypeVar("_TaskT", bound="asyncio.Task[object]")


def _keep_task(task: _TaskT) -> _TaskT:
    """Keep a reference to `task` until it is done, so it is not garbage-collected."""
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task


def keep_task(name):
    return name


async def work():
    await asyncio.sleep(0.001)


def start():
    _keep_task(asyncio.create_task(work()))
