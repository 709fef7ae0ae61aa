import asyncio


async def run_batch(items, work):
    tasks = [asyncio.create_task(work(i)) for i in items]
    task_indices = {task: i for i, task in enumerate(tasks)}
    results = [None] * len(tasks)
    pending = set(tasks)
    try:
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                results[task_indices[task]] = await task
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    return results


async def dropped_done(items, work):
    tasks = [asyncio.create_task(work(i)) for i in items]
    pending = set(tasks)
    await asyncio.wait(pending)


async def cancelled(work):
    task = asyncio.create_task(work())
    other = task
    other.cancel()


async def passed_on(work, keep):
    task = asyncio.create_task(work())
    other = task
    keep(other)
