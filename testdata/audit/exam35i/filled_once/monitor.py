import asyncio


class Monitor:
    """Starts its loops once: the list holds one batch."""

    def __init__(self, clients):
        self._clients = clients
        self._tasks = []

    async def run(self):
        self._start_update_loops()
        await asyncio.sleep(1)

    async def stop(self):
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _start_update_loops(self):
        if self._tasks:
            return

        for index in range(len(self._clients)):
            self._tasks.append(asyncio.create_task(self._fast(index)))
            self._tasks.append(asyncio.create_task(self._slow(index)))

    async def _fast(self, index):
        await asyncio.sleep(1)

    async def _slow(self, index):
        await asyncio.sleep(1)


class Growing:
    """Tests the list, but awaits before adding: two calls may both pass the test."""

    def __init__(self):
        self._tasks = []

    async def stop(self):
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def start(self):
        if self._tasks:
            return
        await asyncio.sleep(1)
        self._tasks.append(asyncio.create_task(self._loop()))

    async def _loop(self):
        await asyncio.sleep(1)
