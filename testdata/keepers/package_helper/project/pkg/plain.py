"""Imports nothing of its package: the helper is imported relatively."""
import asyncio


async def work():
    await asyncio.sleep(0.001)


def start():
    asyncio.create_task(work())
