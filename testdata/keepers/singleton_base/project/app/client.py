import asyncio

from app import base
from app.base import ClientBase, Plain, Registered
from app.work import work


class Client(ClientBase):
    def __init__(self, name):
        super().__init__(name)
        self.started = False

    def start(self):
        self.started = True
        asyncio.create_task(work("client"))


class Other(base.ClientBase):
    def __init__(self, name):
        super().__init__(name)

    def start(self):
        asyncio.create_task(work("other"))


class Counter(Plain):
    def __init__(self, name):
        super().__init__(name)

    def start(self):
        asyncio.create_task(work("counter"))


class Parser(Registered):
    def __init__(self, name):
        super().__init__(name)

    def start(self):
        asyncio.create_task(work("parser"))
