import asyncio


def writeback(path, data):
    with open(path, "w") as f:
        f.write(data)


class LazyTask(asyncio.Future):
    def __init__(self, coroutine_function, *args):
        super().__init__()
        self.__coroutine_function = coroutine_function
        self.__args = args


class Cache:
    def add_cache_entry(self, path, data):
        # `ensure_future` returns the executor's future as it is: no task is made.
        asyncio.ensure_future(
            asyncio.get_event_loop().run_in_executor(None, writeback, path, data)
        )

    async def chained(self, concurrent_future):
        asyncio.ensure_future(asyncio.wrap_future(concurrent_future))

    async def plain(self, loop):
        asyncio.ensure_future(loop.create_future())
        asyncio.ensure_future(LazyTask(self.chained, None))

    async def unknown(self, value):
        # What `value` is is not known: a coroutine makes a task, which this drops.
        asyncio.ensure_future(value)
        await asyncio.sleep(0)

    async def coroutine(self):
        asyncio.ensure_future(self.unknown(1))

    async def own_method(self):
        # `self.run_in_executor` is not a loop's: it may be a coroutine function.
        asyncio.ensure_future(self.run_in_executor(None, writeback))
