import asyncio

from helpers import cancel_and_drain


async def drain_all(*tasks):
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


class Session:
    def __init__(self):
        self._workers = set()
        self._reader = None
        self._writer = None
        self._ticker = None

    async def __aenter__(self):
        self._reader = asyncio.create_task(self._read())
        self._writer = asyncio.create_task(self._write())
        self._ticker = asyncio.create_task(self._tick())
        return self

    async def __aexit__(self, *exc):
        if self._reader is not None:
            self._reader.cancel()
        tasks = [*self._workers]
        if self._reader is not None:
            tasks.append(self._reader)
        if tasks:
            await cancel_and_drain(*tasks)
        pending = []
        pending.append(self._writer)
        await drain_all(*pending)
        others = []
        others.append(self._ticker)
        print(others)

    async def _read(self):
        await asyncio.sleep(1)

    async def _write(self):
        await asyncio.sleep(1)

    async def _tick(self):
        await asyncio.sleep(1)
