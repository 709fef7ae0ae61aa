import asyncio
from typing import Any

from ._background import keep_task


async def ping(host: Any) -> None:
    await asyncio.sleep(1)


async def start(host: Any) -> None:
    keep_task(asyncio.ensure_future(ping(host)))
