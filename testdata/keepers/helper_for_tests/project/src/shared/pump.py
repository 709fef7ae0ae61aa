import asyncio


async def wait(event: asyncio.Event) -> bool:
    await event.wait()
    return True


def kick(event: asyncio.Event) -> None:
    asyncio.create_task(wait(event))
