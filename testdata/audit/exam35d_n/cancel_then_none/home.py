import asyncio


class Home:
    def __init__(self):
        self._listener = None
        self._poller = None
        self._stopped = False
        self._callback = None

    async def subscribe(self, callback):
        self._callback = callback
        self._listener = asyncio.create_task(self._listen())

    async def resubscribe(self):
        self.unsubscribe()
        await asyncio.sleep(1)
        await self.subscribe(self._callback)

    def unsubscribe(self):
        self._stopped = True
        if self._listener is None:
            return
        self._listener.cancel()
        self._listener = None

    async def _listen(self):
        while not self._stopped:
            await asyncio.sleep(1)

    async def poll(self):
        self._poller = asyncio.create_task(self._listen())

    async def repoll(self):
        self.pause()
        await self.poll()

    def pause(self):
        if self._stopped:
            return
        self._poller.cancel()
        self._poller = None
