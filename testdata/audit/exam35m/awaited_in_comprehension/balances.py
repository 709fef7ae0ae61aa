import asyncio


async def fetch_one(name):
    await asyncio.sleep(1)
    return name


async def fetch_many(targets):
    tasks = [asyncio.create_task(fetch_one(t)) for t in targets]
    while True:
        done = sum(1 for t in tasks if t.done())
        if done >= len(tasks):
            break
        await asyncio.sleep(1)
    return [await task for task in tasks]


async def fetch_distinct(targets):
    tasks = [asyncio.create_task(fetch_one(t)) for t in targets]
    return {await task for task in tasks}


async def fetch_some(targets):
    # Only the tasks the `if` keeps are awaited.
    tasks = [asyncio.create_task(fetch_one(t)) for t in targets]
    return [await task for task in tasks if task.done()]


async def fetch_lazily(targets):
    tasks = [asyncio.create_task(fetch_one(t)) for t in targets]
    # An async generator awaits nothing until it is iterated.
    return (await task for task in tasks)
