import asyncio


def spawn(coro, *, inline=False):
    """A task, unless `inline`: then the coroutine is returned to be awaited."""
    if inline:
        return coro
    return asyncio.create_task(coro)
