import asyncio

from base import MixinMeta


class LavalinkTasks(MixinMeta):
    def restart_connect(self):
        self.connect_task = asyncio.create_task(self.connect())

    async def connect(self):
        await asyncio.sleep(1)


class Lonely:
    def start(self):
        self.job = asyncio.create_task(asyncio.sleep(1))
