import asyncio

from core._background import keep_task


async def _beat() -> None:
    await asyncio.sleep(30)


def start() -> None:
    keep_task(asyncio.create_task(_beat()))
