import asyncio


class Session:
    def __init__(self, loop):
        self.loop = loop
        self.pending_futures = {}

    def run_async(self, coro):
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        self.pending_futures[id(future)] = future
        return id(future)

    def close(self):
        while self.pending_futures:
            _, f = self.pending_futures.popitem()
            f.cancel()
