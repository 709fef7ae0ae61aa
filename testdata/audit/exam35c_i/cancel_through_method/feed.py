import asyncio


class Feed:
    def __init__(self, source):
        self._source = source
        self._attempts = 0
        self._open()

    def _open(self):
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self):
        try:
            async for item in self._source:
                print(item)
        except ConnectionError:
            await self._retry()

    async def _retry(self):
        await self.close()
        self._attempts += 1
        if self._attempts < 5:
            await asyncio.sleep(1)
            self._open()

    async def close(self):
        try:
            self._reader.cancel()
        except asyncio.CancelledError:
            pass


class Poller:
    def __init__(self, source):
        self._source = source
        self._start()

    def _start(self):
        self._poll = asyncio.ensure_future(self._run())

    async def _run(self):
        while True:
            await self._source.get()

    async def restart(self):
        await self.pause()
        self._start()

    async def pause(self):
        if self._source.closed:
            self._poll.cancel()
