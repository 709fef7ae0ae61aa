import asyncio


async def tick(interval):
    while True:
        await asyncio.sleep(interval)


class Detached:
    """Near miss: the task's coroutine does not hold the instance: `__del__` can run and
    cancel it (cancelled, low, as before)."""

    def __init__(self, interval):
        self._cron = asyncio.get_event_loop().create_task(tick(interval))

    def __del__(self):
        self._cron.cancel()


class Closed:
    """Near miss: `close` cancels it too: that shutdown stands."""

    def __init__(self, interval):
        self._interval = interval
        self._cron = asyncio.get_event_loop().create_task(self._loop())

    def close(self):
        self._cron.cancel()

    def __del__(self):
        self._cron.cancel()

    async def _loop(self):
        while True:
            await asyncio.sleep(self._interval)
