import asyncio

from relay.config import RETRY_SECONDS


async def heartbeat():
    await asyncio.sleep(RETRY_SECONDS)


async def run():
    asyncio.create_task(heartbeat())
    await asyncio.sleep(1)
