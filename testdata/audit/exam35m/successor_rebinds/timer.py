import asyncio


class Timer:
    # The task's own coroutine binds `self._task` to its successor, then awaits the callback:
    # from there nothing of the object holds the running task.
    def __init__(self, timeout, callback):
        self._timeout = timeout
        self._callback = callback
        self._task = asyncio.ensure_future(self._job())

    async def _job(self):
        await asyncio.sleep(self._timeout)
        self._task = asyncio.ensure_future(self._job())
        await self._callback()

    def cancel(self):
        self._task.cancel()


class Ticker:
    # The successor is bound as the coroutine's last step: nothing is left to wait for.
    def __init__(self, callback):
        self._callback = callback
        self._task = asyncio.ensure_future(self._tick())

    async def _tick(self):
        await asyncio.sleep(1)
        await self._callback()
        self._task = asyncio.ensure_future(self._tick())

    async def close(self):
        self._task.cancel()
        await self._task


class Worker:
    # Rebound only in another method, and cleared as the coroutine's last step: the attribute
    # held it while it waited.
    def __init__(self):
        self._task = asyncio.ensure_future(self._run())

    async def _run(self):
        await asyncio.sleep(1)
        self._task = None

    async def close(self):
        self._task.cancel()
        await self._task
