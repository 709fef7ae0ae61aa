import asyncio


class Worker:
    def __init__(self):
        self._job = None

    async def start(self):
        self._job = asyncio.create_task(self._work())

    async def start_later(self):
        self._job = asyncio.create_task(self._work())

    async def _work(self):
        await asyncio.sleep(0)

    async def stop(self):
        self._job.cancel()
        await asyncio.gather(self._job, return_exceptions=True)
