import asyncio
from typing import Set

from app import base
from app.base import ClientBase, Plain, Registered
from app.work import work

_background_tasks: "Set[asyncio.Task[object]]" = set()


class Client(ClientBase):
    def __init__(self, name):
        super().__init__(name)
        self.started = False

    def start(self):
        self.started = True
        task = asyncio.create_task(work("client"))
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)


class Other(base.ClientBase):
    def __init__(self, name):
        super().__init__(name)

    def start(self):
        task = asyncio.create_task(work("other"))
        _background_tasks.add(task)
        task.add_done_callback(_background_tasks.discard)


class Counter(Plain):
    def __init__(self, name):
        self._tasks: Set[asyncio.Task[object]] = set()
        super().__init__(name)

    def start(self):
        task = asyncio.create_task(work("counter"))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


class Parser(Registered):
    def __init__(self, name):
        self._tasks: Set[asyncio.Task[object]] = set()
        super().__init__(name)

    def start(self):
        task = asyncio.create_task(work("parser"))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
