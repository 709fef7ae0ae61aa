"""Keep background tasks alive until they are done."""

import asyncio
from typing import Any

_background_tasks: set[asyncio.Future[Any]] = set()


def keep_task[T: asyncio.Future[Any]](task: T) -> T:
    """Keep a reference to `task` until it is done, so it is not garbage-collected."""
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task
