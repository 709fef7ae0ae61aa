"""Imports nothing of its package: the helper is imported as the modules beside it import it (service.py: absolutely)."""
import asyncio

from pkg._background import keep_task


async def work():
    await asyncio.sleep(0.001)


def start():
    keep_task(asyncio.create_task(work()))
