from __future__ import annotations

import asyncio
from typing import Any


def schedule(coro: Any) -> asyncio.Task[Any] | None:
    try:
        return asyncio.get_running_loop().create_task(coro)
    except RuntimeError:
        coro.close()
        return None
