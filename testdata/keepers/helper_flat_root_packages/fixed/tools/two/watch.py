import asyncio

from ._background import keep_task


async def _look() -> None:
    await asyncio.sleep(1)


def look() -> None:
    keep_task(asyncio.create_task(_look()))
