import asyncio

shutdown = False


async def fetch_loop(fn, period):
    while not shutdown:
        await fn()
        await asyncio.sleep(period)


async def main(tasks, period):
    """batmon-ha's shape: the wait returns at the first loop done; the others are cancelled,
    never awaited."""
    while not shutdown:
        loops = [asyncio.create_task(fetch_loop(fn, period=period)) for fn in tasks]
        done, pending = await asyncio.wait(loops, return_when=asyncio.FIRST_COMPLETED)
        for task in loops:
            task.done() or task.cancel()
