import asyncio


class ExpiringCache:
    def __init__(self, interval):
        self._interval = interval
        self._cron = asyncio.get_event_loop().create_task(self._loop())

    def __del__(self):
        self._cron.cancel()

    async def _loop(self):
        while True:
            await asyncio.sleep(self._interval)
