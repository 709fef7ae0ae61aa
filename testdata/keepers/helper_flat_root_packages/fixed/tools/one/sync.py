import asyncio

from ._background import keep_task


async def _pull() -> None:
    await asyncio.sleep(1)


def pull() -> None:
    keep_task(asyncio.create_task(_pull()))
