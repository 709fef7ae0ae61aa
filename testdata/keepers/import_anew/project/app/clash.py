"""Its own `run_bg_task` is something else: the keeper's name is taken, so the strategy keeps it."""
import asyncio

from core.context import Context


def run_bg_task(name):
    return Context(name)


async def ping():
    await asyncio.sleep(0.001)


def poke():
    run_bg_task("x")
    asyncio.create_task(ping())
