import asyncio


class Client:
    def __init__(self):
        self._hb_task = None
        self._tick_task = None

    async def _heartbeat(self):
        while True:
            await asyncio.sleep(1)

    async def _tick(self):
        while True:
            await asyncio.sleep(5)

    async def start(self):
        self._hb_task = asyncio.create_task(self._heartbeat())
        self._tick_task = asyncio.create_task(self._tick())

    async def stop(self):
        for t in (self._hb_task, self._tick_task):
            if t:
                t.cancel()
