import asyncio

from ._background import keep_task


async def wait(event: asyncio.Event) -> bool:
    await event.wait()
    return True


def kick(event: asyncio.Event) -> None:
    keep_task(asyncio.create_task(wait(event)))
