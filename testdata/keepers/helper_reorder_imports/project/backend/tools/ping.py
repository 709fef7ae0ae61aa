import asyncio
from typing import Any


async def ping(host: Any) -> None:
    await asyncio.sleep(1)


async def start(host: Any) -> None:
    asyncio.ensure_future(ping(host))
