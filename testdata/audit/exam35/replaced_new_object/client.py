import asyncio


class Client:
    """One per connection: `connect` runs once on each."""

    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer
        self._pump = None

    async def connect(self, host, port):
        self._pump = asyncio.create_task(self._run(host, port))

    async def _run(self, host, port):
        await asyncio.sleep(0)

    async def close(self):
        if self._pump is not None:
            self._pump.cancel()
            await asyncio.gather(self._pump, return_exceptions=True)
