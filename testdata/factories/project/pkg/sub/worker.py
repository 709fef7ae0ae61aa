from .. import tasks
from ..tasks import spawn as start


class Worker:
    async def poll(self):
        start(self.tick())
        tasks.spawn_soon(self.tick())  # a coroutine, never awaited: no task is created

    def launch(self, coro):
        return self.loop.create_task(coro)

    def kick(self):
        self.launch(self.tick())

    async def tick(self):
        pass
