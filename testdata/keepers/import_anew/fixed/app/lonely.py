"""Imports nothing of the keeper's package: nothing says it can, so the strategy keeps the task."""
import asyncio

_background_tasks: "set[asyncio.Task[object]]" = set()


async def ping():
    await asyncio.sleep(0.001)


def poke():
    task = asyncio.create_task(ping())
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
