import asyncio

DONE = []


async def work(name: str) -> None:
    await asyncio.sleep(0.01)
    DONE.append(name)
