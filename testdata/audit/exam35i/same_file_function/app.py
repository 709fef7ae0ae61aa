import asyncio


async def work():
    await asyncio.sleep(1)


async def consume(task):
    """Awaits the task it is handed, on every path."""
    await task


async def finish(task, *, timeout):
    await asyncio.wait_for(task, timeout)


def stop(task):
    """Cancels it and keeps nothing."""
    task.cancel()


async def awaited_by_a_function_of_the_file():
    t = asyncio.create_task(work())
    await consume(t)


async def awaited_by_keyword():
    t = asyncio.create_task(work())
    await finish(task=t, timeout=5)


async def cancelled_by_a_function_of_the_file():
    t = asyncio.create_task(work())
    stop(t)
