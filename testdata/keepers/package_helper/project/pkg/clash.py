"""Binds the helper's name to something else: it keeps its own helper."""
import asyncio


def keep_task(name):
    return name


async def work():
    await asyncio.sleep(0.001)


def start():
    asyncio.create_task(work())
