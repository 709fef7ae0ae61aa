"""Background jobs of the demo service."""

import asyncio


async def worker(queue):
    while True:
        item = await queue.get()
        await asyncio.sleep(item)


async def push_metrics(batch):
    await asyncio.sleep(0)
    raise ConnectionResetError(104, "Connection reset by peer")
