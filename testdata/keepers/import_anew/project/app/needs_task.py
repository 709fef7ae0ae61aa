"""The site needs the task back, which the keeper does not return: the strategy keeps it."""
import asyncio

from core.context import Context


async def ping():
    await asyncio.sleep(0.001)


def poke():
    task = asyncio.create_task(ping())
    task.add_done_callback(lambda t: Context("done"))
