import asyncio


async def wait(event: asyncio.Event) -> bool:
    await event.wait()
    return True
