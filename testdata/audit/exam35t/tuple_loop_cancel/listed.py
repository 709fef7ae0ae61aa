import asyncio


class Pump:
    def __init__(self):
        self._reader = None
        self._writer = None

    async def _read(self):
        while True:
            await asyncio.sleep(1)

    async def _write(self):
        while True:
            await asyncio.sleep(1)

    async def start(self):
        self._reader = asyncio.create_task(self._read())
        self._writer = asyncio.create_task(self._write())

    async def stop(self):
        for task in [self._reader, self._writer]:
            task.cancel()
        for task in [self._reader, self._writer]:
            try:
                await task
            except asyncio.CancelledError:
                pass
