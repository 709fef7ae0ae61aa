import asyncio
from asyncio import create_task


async def beat(interval: float) -> None:
    while True:
        await asyncio.sleep(interval)


async def main() -> None:
    task = create_task(beat(1.0))  # the name is never read: the task can still vanish
    if True: create_task(beat(5.0))
    await asyncio.sleep(10)
