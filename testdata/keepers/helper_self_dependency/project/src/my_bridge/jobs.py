import asyncio


async def tick():
    await asyncio.sleep(1)


def start():
    asyncio.create_task(tick())
