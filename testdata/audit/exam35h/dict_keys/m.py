import asyncio


async def work():
    await asyncio.sleep(1)


async def keyed():
    # The tasks are the dict's keys: `tasks.keys()` is a view of them, which the wait awaits.
    tasks = {
        asyncio.ensure_future(work()): work,
        asyncio.ensure_future(work()): work,
    }
    finished, pending = await asyncio.wait(tasks.keys(), return_when=asyncio.FIRST_EXCEPTION)
    for task in finished:
        if task.exception():
            print(tasks[task], task.exception())
    for process in pending:
        process.cancel()


async def keyed_and_iterated():
    # `for t in tasks` iterates the keys: each task awaited in turn.
    tasks = {asyncio.ensure_future(work()): "a", asyncio.ensure_future(work()): "b"}
    for t in tasks:
        await t


async def valued():
    # The task is a value: `tasks.keys()` holds the names, not the task.
    tasks = {"a": asyncio.ensure_future(work())}
    finished, _ = await asyncio.wait(tasks.keys())
    for task in finished:
        task.result()
