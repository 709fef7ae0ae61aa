import asyncio

from core._background import keep_task


async def _resume(conn) -> None:
    await asyncio.sleep(1)


def resume(conn) -> None:
    keep_task(asyncio.create_task(_resume(conn)))
