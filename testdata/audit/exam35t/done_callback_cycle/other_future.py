import asyncio


async def expensive():
    await asyncio.sleep(0.0)
    return 1337


async def handler(f: asyncio.Future):
    """Near miss: the lambda is another future's done callback, which that future keeps: what
    keeps the future, and so the task, is not in the checked code (unknown, as before)."""
    loop = asyncio.get_running_loop()
    task = loop.create_task(expensive())
    f.add_done_callback(lambda _: print(task.result()))
