import asyncio


async def _pull() -> None:
    await asyncio.sleep(1)


def pull() -> None:
    asyncio.create_task(_pull())
