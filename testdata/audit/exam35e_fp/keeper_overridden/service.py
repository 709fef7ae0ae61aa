"""A task handed to `self.track(task)`, where `Service.track` keeps it in `self._tasks`: kept
only if `self.track` is `Service.track`. `Forgetful` (forgetful.py) derives from `Service` and
binds its own `track`, which keeps nothing: the keeping is not proven, `unknown`, naming the
override. So with `LoggingPool`, an override in the same file as the site."""

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


class LoggingPool(Pool):
    def track(self, task):
        print("spawned", task)
