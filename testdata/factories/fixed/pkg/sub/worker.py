import asyncio

from .. import tasks
from ..tasks import spawn as start

_background_tasks: "set[asyncio.Task[object]]" = set()


class Worker:
    async def poll(self):
        start(self.tick())
        tasks.spawn_soon(self.tick())  # a coroutine, never awaited: no task is created

    def launch(self, coro):
        task = self.loop.create_task(coro)
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)
        return task

    def kick(self):
        self.launch(self.tick())

    async def tick(self):
        pass
