import asyncio
from typing import TypeVar

_background_tasks: set[asyncio.Task[object]] = set()
_TaskT = TypeVar("_TaskT", bound="asyncio.Task[object]")


def _keep_task(task: _TaskT) -> _TaskT:
    """Keep a reference to `task` until it is done, so it is not garbage-collected."""
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task


async def _deliver() -> None:
    await asyncio.sleep(1)


def publish() -> None:
    _keep_task(asyncio.create_task(_deliver()))
