import asyncio
from typing import Set, TypeVar

from .models import Mode

_background_tasks: "Set[asyncio.Task[object]]" = set()
_TaskT = TypeVar("_TaskT", bound="asyncio.Task[object]")


def _keep_task(task: _TaskT) -> _TaskT:
    """Keep a reference to `task` until it is done, so it is not garbage-collected."""
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task


async def _shield(mode: Mode) -> None:
    await asyncio.sleep(1)


def start(mode: Mode) -> None:
    _keep_task(asyncio.create_task(_shield(mode)))
