import asyncio

from ._background import keep_task


async def tick():
    await asyncio.sleep(1)


def start():
    keep_task(asyncio.create_task(tick()))
