"""The same keepers as `keeper_overridden`, where the classes of the checked code derived from
`Service` (`Labelled`, labelled.py) and from `Pool` (`NamedPool`) bind no `track` of their own:
every object's `track` is the base's, which keeps the task: `kept`, as before."""

import asyncio


class Service:
    def __init__(self):
        self._tasks = set()

    def track(self, task):
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def work(self):
        await asyncio.sleep(1)

    def start(self):
        self.track(asyncio.create_task(self.work()))

    def start_local(self):
        task = asyncio.create_task(self.work())
        self.track(task)

    async def close(self):
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


class Pool:
    def __init__(self):
        self._running = set()

    def track(self, task):
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def job(self):
        await asyncio.sleep(1)

    def spawn(self):
        self.track(asyncio.create_task(self.job()))


class NamedPool(Pool):
    def __init__(self, name):
        super().__init__()
        self.name = name


class Settings:
    """Binds attributes by name on its own objects only: no object of `Service` or `Pool` is a
    `Settings`, so its `setattr` binds no `track` they run."""

    def __init__(self, **values):
        for name, value in values.items():
            setattr(self, name, value)
