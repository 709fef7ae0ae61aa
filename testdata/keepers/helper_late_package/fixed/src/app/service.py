import asyncio

from src.app._background import keep_task
from src.app.config import NAME
from src.core.bus import emit


async def work() -> None:
    await asyncio.sleep(1)


async def serve() -> None:
    keep_task(asyncio.create_task(work()))
    print(NAME, emit)
