from __future__ import annotations

import asyncio
from typing import Any

_background_tasks: set[asyncio.Task[object]] = set()


def create_task(coro: Any) -> asyncio.Task[Any] | None:
    """The running loop's task, or None when no loop runs."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        coro.close()
        return None
    task = loop.create_task(coro)
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    return task
