"""Task slots that `__init__` sets to `None` and a method cancels (issue 36's eighth exam,
class 1: aiosenseme's `SensemeDevice`). Only `Device`'s slot is never filled: its `stop()`
raises `AttributeError`. The others are filled, tested or guarded."""

import asyncio


class Device:
    def __init__(self):
        self._is_running = False
        self._listener_task = None

    async def _listener(self):
        await asyncio.sleep(1)

    def start(self):
        if not self._is_running:
            asyncio.create_task(self._listener())
            self._is_running = True

    def stop(self):
        if self._is_running is True:
            self._listener_task.cancel()
            self._is_running = False


class Tested:
    def __init__(self):
        self._task = None

    async def _run(self):
        await asyncio.sleep(1)

    def start(self):
        asyncio.create_task(self._run())

    def stop(self):
        if self._task:
            self._task.cancel()


class FilledElsewhere:
    def __init__(self):
        self._job = None

    async def run(self):
        await asyncio.sleep(1)

    @classmethod
    def start(cls):
        session = cls()
        session._job = asyncio.create_task(session.run())
        return session

    def notify(self):
        asyncio.create_task(self.run())

    def force_stop(self):
        self._job.cancel()


class Guarded:
    def __init__(self):
        self._pump = None

    async def _run(self):
        await asyncio.sleep(1)

    def start(self):
        asyncio.create_task(self._run())

    def stop(self):
        try:
            self._pump.cancel()
        except AttributeError:
            pass
