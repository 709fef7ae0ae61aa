import asyncio

from relay._background import keep_task
from relay.config import RETRY_SECONDS


async def heartbeat():
    await asyncio.sleep(RETRY_SECONDS)


async def run():
    keep_task(asyncio.create_task(heartbeat()))
    await asyncio.sleep(1)
