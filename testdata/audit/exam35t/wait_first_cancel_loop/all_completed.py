import asyncio


async def fetch_once(fn):
    await fn()


async def main(tasks):
    """Near miss: the wait waits for all (`ALL_COMPLETED`, the default): each task is done
    before the loop, whose cancel does nothing."""
    loops = [asyncio.create_task(fetch_once(fn)) for fn in tasks]
    done, pending = await asyncio.wait(loops)
    for task in loops:
        task.done() or task.cancel()
