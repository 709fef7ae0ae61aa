import asyncio


class ExpiringCache(object):
    def __init__(self, interval):
        self._interval = interval
        self._cron = asyncio.get_event_loop().create_task(self._clear_cron())

    def __del__(self):
        self._cron.cancel()

    async def _clear_cron(self):
        while True:
            await asyncio.sleep(self._interval)


class Detached(object):
    """Near miss: the task's coroutine does not hold the instance: `__del__` can run and
    cancel it (cancelled, low, as before)."""

    def __init__(self, interval):
        self._cron = asyncio.get_event_loop().create_task(tick(interval))

    def __del__(self):
        self._cron.cancel()


class Closed(object):
    """Near miss: a subclass's `close` cancels it: that shutdown stands."""

    def __init__(self, interval):
        self._interval = interval
        self._cron = asyncio.get_event_loop().create_task(self._clear_cron())

    def __del__(self):
        self._cron.cancel()

    async def _clear_cron(self):
        while True:
            await asyncio.sleep(self._interval)


async def tick(interval):
    while True:
        await asyncio.sleep(interval)
