import asyncio


class Poller:
    def __init__(self, loop):
        self._loop = loop

    def poll(self, timeout):
        future = self._loop.create_future()
        self._loop.call_later(timeout, future.set_result, None)
        return future

    async def apoll(self, timeout):
        await asyncio.sleep(timeout)

    async def check(self):
        f = asyncio.ensure_future(self.poll(1))
        f.cancel()
        # An `async def` returns a coroutine: `ensure_future` makes a task of it.
        g = asyncio.ensure_future(self.apoll(1))
        g.cancel()


def make(loop):
    return loop.create_future()


async def main(loop):
    # Dropped: judged as `check` judges it (a call of a function is no future it knows).
    asyncio.ensure_future(make(loop))
