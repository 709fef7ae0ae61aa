import asyncio


class ThreadProxy:
    """Runs a coroutine function on another thread's loop and hands back a future of ours."""

    def __init__(self, loop):
        self._loop = loop

    def call(self, func, *args):
        future = asyncio.run_coroutine_threadsafe(func(*args), self._loop)
        return asyncio.wrap_future(future, loop=asyncio.get_running_loop())


async def fetch_all(client, chunks):
    tasks = [asyncio.create_task(client.fetch(c)) for c in chunks]
    total = 0
    for index, done in enumerate(asyncio.as_completed(tasks), 1):
        result = await done
        total += index * result
    return total


async def first_only(client, chunks):
    tasks = [asyncio.create_task(client.fetch(c)) for c in chunks]
    for index, done in enumerate(asyncio.as_completed(tasks)):
        print(index, done)
