"""Project helpers that await every task of the list they are handed."""
import asyncio


async def gather_with_concurrency(n_task, tasks):
    semaphore = asyncio.Semaphore(n_task)

    async def sem_task(task):
        async with semaphore:
            return await task

    return await asyncio.gather(*(sem_task(task) for task in tasks))


async def gather_all(tasks):
    return await asyncio.gather(*tasks)


async def wait_all(tasks):
    await asyncio.gather(*tasks)


async def first_few(tasks):
    # Only some of them: nothing proves the others awaited.
    return await asyncio.gather(*(t for t in tasks if t.done()))


def run_coroutine(coroutine, timeout=1.0, loop=None):
    if not loop:
        loop = asyncio.get_event_loop()
    return loop.run_until_complete(asyncio.wait_for(coroutine, timeout=timeout))
