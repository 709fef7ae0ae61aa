"""Its own `run_bg_task` is something else: the keeper's name is taken, so the strategy keeps it."""
import asyncio

from core.context import Context

_background_tasks: "set[asyncio.Task[object]]" = set()


def run_bg_task(name):
    return Context(name)


async def ping():
    await asyncio.sleep(0.001)


def poke():
    run_bg_task("x")
    task = asyncio.create_task(ping())
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
