"""Imports nothing of the keeper's package: nothing says it can, so the strategy keeps the task."""
import asyncio


async def ping():
    await asyncio.sleep(0.001)


def poke():
    asyncio.create_task(ping())
