import asyncio

from lib import ClientBase, Rebound


async def work(name):
    await asyncio.sleep(0.01)


class Client(ClientBase):
    def __init__(self, name):
        self.name = name

    def start(self):
        asyncio.create_task(work("client"))


class Other(Rebound):
    def __init__(self, name):
        self.name = name

    def start(self):
        asyncio.create_task(work("other"))
