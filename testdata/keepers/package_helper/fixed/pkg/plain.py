"""Imports nothing of its package: the helper is imported relatively."""
import asyncio

from ._background import keep_task


async def work():
    await asyncio.sleep(0.001)


def start():
    keep_task(asyncio.create_task(work()))
