import asyncio
from typing import Any


class StreamClient:
    """Each turn of `start` cancels and gathers its keepalive task before the next binds one."""

    def __init__(self):
        self._keepalive_task = None
        self._stopped = False

    async def start(self):
        while not self._stopped:
            try:
                self._keepalive_task = asyncio.create_task(self._keepalive())
                await asyncio.sleep(1)
            finally:
                await self._cancel_keepalive()

    async def _cancel_keepalive(self):
        task = self._keepalive_task
        self._keepalive_task = None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _keepalive(self):
        await asyncio.sleep(10)


class Poller:
    def __init__(self):
        self._task = None

    async def start(self):
        self._task = asyncio.create_task(self._poll())

    async def stop(self):
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _poll(self):
        await asyncio.sleep(10)
