import asyncio


class Transport(asyncio.Protocol):
    """The task sets its own event on every path out; `close` ends it and waits for the event."""

    def __init__(self):
        self._closed = asyncio.Event()
        self._task = None

    def connection_made(self, transport):
        self._transport = transport
        self._task = asyncio.get_running_loop().create_task(self.process())

    async def process(self):
        try:
            await self.session.run()
        except ConnectionError:
            pass
        finally:
            self._closed.set()

    async def close(self):
        self._transport.close()
        await self._closed.wait()


class Shared:
    """Another method sets the event too: its being set says nothing of the task's end."""

    def __init__(self):
        self._closed = asyncio.Event()

    def start(self):
        self._task = asyncio.create_task(self.process())

    async def process(self):
        try:
            await asyncio.sleep(10)
        finally:
            self._closed.set()

    def abort(self):
        self._closed.set()

    async def close(self):
        await self._closed.wait()


class Looping:
    """Set inside a loop that goes on after it: no signal of the end."""

    def __init__(self):
        self._tick = asyncio.Event()

    def start(self):
        self._task = asyncio.create_task(self.process())

    async def process(self):
        while True:
            await asyncio.sleep(1)
            self._tick.set()

    async def close(self):
        await self._tick.wait()


class Finished:
    """A future of its own object set as the coroutine's last statement, awaited at close."""

    def __init__(self):
        self._done = asyncio.get_event_loop().create_future()

    def start(self):
        self._task = asyncio.create_task(self.serve())

    async def serve(self):
        await asyncio.sleep(10)
        self._done.set_result(None)

    async def close(self):
        await self._done
