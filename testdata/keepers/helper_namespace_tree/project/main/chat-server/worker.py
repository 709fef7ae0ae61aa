import asyncio


async def _beat() -> None:
    await asyncio.sleep(30)


def start() -> None:
    asyncio.create_task(_beat())
