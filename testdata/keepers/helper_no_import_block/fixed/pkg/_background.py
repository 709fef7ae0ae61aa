"""Keep background tasks alive until they are done."""

import asyncio
from typing import Any, Set, TypeVar

_background_tasks: "Set[asyncio.Future[Any]]" = set()
_TaskT = TypeVar("_TaskT", bound="asyncio.Future[Any]")


def keep_task(task: _TaskT) -> _TaskT:
    """Keep a reference to `task` until it is done, so it is not garbage-collected."""
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task
