import asyncio


async def emit(event: str) -> None:
    await asyncio.sleep(0)
    print(event)
