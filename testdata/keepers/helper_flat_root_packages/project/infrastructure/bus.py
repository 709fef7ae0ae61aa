import asyncio


async def _deliver() -> None:
    await asyncio.sleep(1)


def publish() -> None:
    asyncio.create_task(_deliver())
