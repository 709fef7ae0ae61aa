from __future__ import annotations

import asyncio
from typing import Any


def create_task(coro: Any) -> asyncio.Task[Any] | None:
    """The running loop's task, or None when no loop runs."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        coro.close()
        return None
    return loop.create_task(coro)
