import asyncio


class Watcher:
    """Near miss: the loop over the listed tasks only prints them: no shutdown."""

    def __init__(self):
        self._a = None
        self._b = None

    async def _run(self):
        while True:
            await asyncio.sleep(1)

    async def start(self):
        self._a = asyncio.create_task(self._run())
        self._b = asyncio.create_task(self._run())

    async def report(self):
        for t in (self._a, self._b):
            print(t)
