import asyncio


async def _resume(conn) -> None:
    await asyncio.sleep(1)


def resume(conn) -> None:
    asyncio.create_task(_resume(conn))
