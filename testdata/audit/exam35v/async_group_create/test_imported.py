import asyncio

from pkg.taskgroups import TaskGroup


async def fetch(i):
    await asyncio.sleep(i)


async def test_taskgroup():
    async with TaskGroup(asyncio.Semaphore(10)) as tg:
        for i in range(20):
            await tg.create_task(fetch(i))
