import asyncio


async def _tick() -> None:
    await asyncio.sleep(1)


def start() -> None:
    asyncio.create_task(_tick())
