import asyncio


class Timer:
    # pymud's `Timer.startTimer`: `self._task` is only ever `None` or a task, so
    # `ensure_future(self._task)` returns the task the attribute holds (or raises for `None`):
    # no second task is made, and the attribute keeps the one there is.
    def __init__(self):
        self._task: asyncio.Task | None = None

    def start(self):
        if not isinstance(self._task, asyncio.Task):
            self._task = asyncio.create_task(self.run())
        asyncio.ensure_future(self._task)

    async def run(self):
        await asyncio.sleep(1)

    def reset(self):
        if isinstance(self._task, asyncio.Task):
            self._task.cancel()
        self._task = None


class Job:
    # `self._job` may hold the coroutine `run()` makes: `ensure_future` makes a task of it
    # there, which the statement drops.
    def __init__(self):
        self._job = None

    def prepare(self):
        self._job = self.run()

    def start(self):
        if self._job is None:
            self._job = asyncio.create_task(self.run())
        asyncio.ensure_future(self._job)

    async def run(self):
        await asyncio.sleep(1)


class Pair:
    # An unpacking binding may hold anything: the drop stays.
    def __init__(self, pending):
        self._first = asyncio.create_task(self.run())
        self._first, self.rest = pending

    def start(self):
        asyncio.ensure_future(self._first)

    async def run(self):
        await asyncio.sleep(1)
