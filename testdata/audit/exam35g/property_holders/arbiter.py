import asyncio
import typing as t


class Arbiter:
    def __init__(self):
        self._watcher_task = None
        self._server_task = None
        self._other_task = None
        self._loop = None

    @property
    def running_tasks(self) -> t.Iterator[asyncio.Task]:
        for task in (
            self._watcher_task,
            self._server_task,
        ):
            if task is not None:
                yield task

    @property
    def name(self):
        return self._other_task.get_name()

    def stop(self):
        def cancel_all_tasks():
            for task in self.running_tasks:
                task.cancel("stopping")

        self._loop.call_soon_threadsafe(cancel_all_tasks)

    async def run(self):
        self._loop = asyncio.get_running_loop()
        try:
            await self._start()
        finally:
            for task in self.running_tasks:
                try:
                    await task
                except asyncio.CancelledError:
                    pass

    async def _start(self):
        self._watcher_task = asyncio.create_task(watch())
        self._server_task = asyncio.create_task(serve())
        # Not handed out by a property: its name is read, not the task.
        self._other_task = asyncio.create_task(serve())


async def watch():
    while True:
        await asyncio.sleep(1)


async def serve():
    while True:
        await asyncio.sleep(1)
