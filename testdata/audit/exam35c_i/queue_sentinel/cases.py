import asyncio
import threading
import unittest

from workers import drain


class LoopCase(unittest.IsolatedAsyncioTestCase):
    def _setupAsyncioLoop(self):
        loop = asyncio.new_event_loop()
        self._loop = loop
        ready = loop.create_future()
        self._calls_task = loop.create_task(self._asyncioLoopRunner(ready))
        loop.run_until_complete(ready)

    def _tearDownAsyncioLoop(self):
        loop = self._loop
        self._asyncioCallsQueue.put_nowait(None)
        loop.run_until_complete(self._asyncioCallsQueue.join())


class Pipe:
    def __init__(self):
        self._queue = asyncio.Queue()
        self._worker = asyncio.create_task(drain(self._queue))

    async def close(self):
        await self._queue.put(None)


class Joined:
    def __init__(self):
        self._thread = threading.Thread(target=print)
        self._task = asyncio.create_task(self._serve())

    def stop(self):
        self._thread.join()


class Own:
    def __init__(self):
        self._queue = asyncio.Queue()
        self._task = asyncio.create_task(self._consume())

    async def _consume(self):
        while True:
            await self._queue.get()

    async def close(self):
        await self._queue.put(None)
