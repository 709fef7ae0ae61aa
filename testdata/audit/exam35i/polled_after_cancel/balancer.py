"""Audit class 7: a task cancelled, then waited for by polling `done()` (`while not
t.done(): await asyncio.sleep(0)`): the wait for its end stands (cancelled-and-awaited), but
the poll reads no exception. A task that dies before the shutdown logs "Task exception was
never retrieved": not-retrieved. A shutdown that reads `result()` after the poll retrieves it."""

import asyncio


class Balancer:
    async def start_up(self):
        self._checker = asyncio.create_task(self._check_peers())

    async def _check_peers(self):
        while True:
            await asyncio.sleep(1)
            self.ping()

    async def close_all(self):
        self._checker.cancel()
        while not self._checker.done():
            await asyncio.sleep(0)
        self.inited = False

    async def __aenter__(self):
        await self.start_up()
        return self

    async def __aexit__(self, *exc):
        await self.close_all()


class Reader:
    async def start_up(self):
        self._checker = asyncio.create_task(self._check_peers())

    async def _check_peers(self):
        while True:
            await asyncio.sleep(1)
            self.ping()

    async def close_all(self):
        self._checker.cancel()
        while not self._checker.done():
            await asyncio.sleep(0)
        if not self._checker.cancelled():
            self._checker.result()

    async def __aenter__(self):
        await self.start_up()
        return self

    async def __aexit__(self, *exc):
        await self.close_all()
