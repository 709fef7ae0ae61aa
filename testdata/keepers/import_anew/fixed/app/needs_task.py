"""The site needs the task back, which the keeper does not return: the strategy keeps it."""
import asyncio

from core.context import Context

_background_tasks: "set[asyncio.Task[object]]" = set()


async def ping():
    await asyncio.sleep(0.001)


def poke():
    task = asyncio.create_task(ping())
    _background_tasks.add(task)
    task.add_done_callback(_background_tasks.discard)
    task.add_done_callback(lambda t: Context("done"))
