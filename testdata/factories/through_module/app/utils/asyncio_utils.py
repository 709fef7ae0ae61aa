import asyncio
import time


def create_task(
    coro,
    *,
    name: str,
) -> asyncio.Task:
    """Like asyncio.create_task, but also store some debug info on the task object."""
    t = asyncio.create_task(coro)
    set_task_debug_info(t, name=name)
    return t


def set_task_debug_info(
    task: asyncio.Task,
    *,
    name: str,
) -> None:
    task.created = time.time()  # type: ignore[attr-defined]
    task.set_name(name)
