import asyncio


class Tasks:
    """A task set whose own `cancel_all` hands each task to its `cancel`."""

    def __init__(self):
        self._tasks = set()

    def _done_callback(self, task):
        self._tasks.remove(task)

    def create_task(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done_callback)
        return task

    @staticmethod
    async def cancel(one):
        one.cancel()
        try:
            await one
        except asyncio.CancelledError:
            pass

    async def cancel_all(self):
        for task in list(self._tasks):
            await self.cancel(task)


class Logged:
    """Each task is handed to a helper that only reads its name: nothing ends it."""

    def __init__(self):
        self._tasks = set()

    def _done_callback(self, task):
        self._tasks.discard(task)

    def create_task(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done_callback)
        return task

    @staticmethod
    async def show(task):
        print(task.get_name())
        await asyncio.sleep(1)

    async def show_all(self):
        for task in list(self._tasks):
            await self.show(task)
