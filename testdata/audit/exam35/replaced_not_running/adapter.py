import asyncio


class Adapter:
    def __init__(self):
        self._running = False
        self._runner = None
        self._watch = None

    async def run(self):
        self._running = True
        self._runner = asyncio.create_task(self._serve())

    def watch(self):
        self._watch = asyncio.create_task(self._serve())

    async def _serve(self):
        await asyncio.sleep(0)

    async def close(self):
        if self._runner is not None:
            self._runner.cancel()
            self._runner = None
        if self._watch is not None:
            self._watch.cancel()
            await asyncio.gather(self._watch, return_exceptions=True)
        self._running = False
