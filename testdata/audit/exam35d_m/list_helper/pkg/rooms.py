import asyncio

from pkg.helpers import first_few, gather_all, gather_with_concurrency, wait_all


async def ready_all(rooms):
    tasks = [asyncio.create_task(room.ready()) for room in rooms]
    await gather_with_concurrency(10, tasks)


async def load_all(rooms):
    tasks = [asyncio.create_task(room.load()) for room in rooms]
    return await gather_all(tasks)


async def sync_all(rooms):
    tasks = [asyncio.create_task(room.sync()) for room in rooms]
    await wait_all(tasks)


async def some(rooms):
    tasks = [asyncio.create_task(room.sync()) for room in rooms]
    await first_few(tasks)


async def one(room):
    # A task, not a list of them: `gather(*task)` would not await it.
    task = asyncio.create_task(room.sync())
    await wait_all(task)
