import asyncio

from client import Client, Pump, Reader


class Coordinator:
    def __init__(self):
        self.client = Client()
        self.pump = Pump()
        self.spare = Pump()
        self.reader = Reader()

    async def power_on(self):
        # Stopped while live: past the `if` the task is cancelled or was not running.
        if self.client._task and not self.client._task.done():
            await self.client.stop()
            await asyncio.sleep(0.1)
        await self.client.start()

    async def restart(self):
        await self.client.stop()
        await self.client.start()

    async def swap(self):
        await self.spare.stop()
        await self.pump.start()

    async def reconnect(self):
        try:
            await self.reader.ping()
        except OSError:
            await self.reader.stop()
            raise
        await self.reader.start()
