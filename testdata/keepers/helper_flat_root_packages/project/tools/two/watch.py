import asyncio


async def _look() -> None:
    await asyncio.sleep(1)


def look() -> None:
    asyncio.create_task(_look())
