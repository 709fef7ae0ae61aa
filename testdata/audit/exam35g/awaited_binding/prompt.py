import asyncio


class Prompt:
    def __init__(self):
        self._running = None

    async def forever(self):
        while True:
            line = await self.read()
            try:
                self._running = asyncio.ensure_future(self.command(line))
                await self._running
            except asyncio.CancelledError:
                continue

    async def unawaited(self):
        while True:
            line = await self.read()
            self._pending = asyncio.ensure_future(self.command(line))
            await asyncio.sleep(1)

    def interrupt(self):
        if self._running:
            self._running.cancel()

    async def close(self):
        self._pending.cancel()
        try:
            await self._pending
        except asyncio.CancelledError:
            pass

    async def read(self):
        await asyncio.sleep(1)
        return "x"

    async def command(self, line):
        await asyncio.sleep(1)
