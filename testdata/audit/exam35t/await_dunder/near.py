import asyncio


class Restarted:
    """Near miss: `__await__` keeps the task but returns another coroutine's iterator: the
    awaiter never waits for the kept task."""

    def __init__(self):
        self._startup_task = None

    async def start(self):
        await asyncio.sleep(0.1)
        return self

    def __await__(self):
        if self._startup_task is None:
            self._startup_task = asyncio.create_task(self.start())
        return self.start().__await__()


class Ready:
    """Near miss: a path returns before the task's iterator: that awaiter does not wait."""

    def __init__(self):
        self._startup_task = None
        self.ready = False

    async def start(self):
        await asyncio.sleep(0.1)
        return self

    def __await__(self):
        self._startup_task = asyncio.create_task(self.start())
        if self.ready:
            return iter(())
        return self._startup_task.__await__()
