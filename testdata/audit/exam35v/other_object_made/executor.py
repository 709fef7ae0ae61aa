import asyncio


class Executor:
    def __init__(self):
        self._task = None

    async def close(self):
        if self._task is not None:
            await self._task

    async def _worker(self):
        await asyncio.sleep(1)
