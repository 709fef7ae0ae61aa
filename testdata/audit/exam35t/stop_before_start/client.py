import asyncio
import contextlib


class Client:
    """Stopped first wherever it is started again (ha_creality_ws): no replace."""

    def __init__(self):
        self._task = None

    async def start(self):
        self._task = asyncio.create_task(self._run())

    async def _run(self):
        await asyncio.sleep(1)

    async def stop(self):
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None


class Pump:
    """Near miss: the object stopped first is another one."""

    def __init__(self):
        self._task = None

    async def start(self):
        self._task = asyncio.create_task(self._run())

    async def _run(self):
        await asyncio.sleep(1)

    async def stop(self):
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None


class Reader:
    """Near miss: stopped first only on the error path."""

    def __init__(self):
        self._task = None

    async def start(self):
        self._task = asyncio.create_task(self._run())

    async def _run(self):
        await asyncio.sleep(1)

    async def ping(self):
        await asyncio.sleep(0)

    async def stop(self):
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None
