import asyncio
from typing import Set

from lib import ClientBase, Rebound

_background_tasks: "Set[asyncio.Task[object]]" = set()


async def work(name):
    await asyncio.sleep(0.01)


class Client(ClientBase):
    def __init__(self, name):
        self.name = name

    def start(self):
        task = asyncio.create_task(work("client"))
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)


class Other(Rebound):
    def __init__(self, name):
        self._tasks: Set[asyncio.Task[object]] = set()
        self.name = name

    def start(self):
        task = asyncio.create_task(work("other"))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
