import asyncio


async def work():
    await asyncio.sleep(1)


async def all_completed():
    """Near miss: the wait waits for all (`ALL_COMPLETED`, the default): each task is done
    before the comprehension, whose cancels do nothing."""
    tasks = (asyncio.create_task(work()), asyncio.create_task(work()))
    done, pending = await asyncio.wait(tasks)
    [task.cancel() for task in pending]


async def never_cancelled():
    """Near miss: the pending set is read but never cancelled: not "cancelled"."""
    tasks = (asyncio.create_task(work()), asyncio.create_task(work()))
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    [print(task) for task in pending]
    [task.result() for task in done]


async def other_set_cancelled(others):
    """Near miss: the comprehension cancels another set's tasks, not the pending ones."""
    tasks = (asyncio.create_task(work()), asyncio.create_task(work()))
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    [task.cancel() for task in others]
    return pending
