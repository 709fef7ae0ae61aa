import asyncio
import contextlib


class Websocket:
    """`stop` cancels the task and hands it to a coroutine a new task runs, which awaits it."""

    def start(self):
        if self._running:
            return
        self._running = True
        self._loop_task = asyncio.create_task(self._loop())

    async def _loop(self):
        await asyncio.sleep(10)

    def stop(self):
        if not self._running:
            return
        self._running = False
        if self._loop_task:
            self._loop_task.cancel()
        loop_task = self._loop_task
        self._loop_task = None
        self._stop_task = asyncio.create_task(
            self._stop(self._connection, loop_task)
        )

    async def wait_closed(self):
        await self._stop_task

    async def _stop(self, connection, loop_task):
        await connection.close()
        if loop_task:
            with contextlib.suppress(asyncio.CancelledError):
                await loop_task


class Logged:
    """The spawned coroutine only logs what it is handed: no wait for the task."""

    def start(self):
        if self._running:
            return
        self._running = True
        self._loop_task = asyncio.create_task(self._loop())

    async def _loop(self):
        await asyncio.sleep(10)

    def stop(self):
        if not self._running:
            return
        self._running = False
        self._loop_task.cancel()
        self._stop_task = asyncio.ensure_future(self._report(self._loop_task))

    async def wait_closed(self):
        await self._stop_task

    async def _report(self, loop_task):
        print("stopping", loop_task.get_name())
