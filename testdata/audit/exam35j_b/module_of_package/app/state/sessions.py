import asyncio

housekeeping_tasks: set[asyncio.Task] = set()


async def cancel_housekeeping_tasks() -> None:
    for task in housekeeping_tasks:
        task.cancel()

    await asyncio.gather(*housekeeping_tasks, return_exceptions=True)

    for task in housekeeping_tasks:
        if not task.cancelled():
            exception = task.exception()
            if exception:
                print(exception)
