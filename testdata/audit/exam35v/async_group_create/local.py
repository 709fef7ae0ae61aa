import asyncio


class Limited(asyncio.TaskGroup):
    def __init__(self, limit):
        super().__init__()
        self.sem = asyncio.Semaphore(limit)

    async def create_task(self, coro):
        await self.sem.acquire()
        return super().create_task(coro)


async def fetch(i):
    await asyncio.sleep(i)


async def run():
    async with Limited(3) as tg:
        await tg.create_task(fetch(1))
