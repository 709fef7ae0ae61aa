"""Imports nothing of its package: the helper is imported as the modules beside it import it (service.py: absolutely)."""
import asyncio


async def work():
    await asyncio.sleep(0.001)


def start():
    asyncio.create_task(work())
