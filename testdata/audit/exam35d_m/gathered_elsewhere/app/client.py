import asyncio

from app.connection import Connection, Simulator


class Client:
    def __init__(self):
        self.connection = Connection()

    async def disconnect(self):
        await asyncio.gather(*self.connection.tasks)


class TestClient:
    def __init__(self, simulator=None):
        self._simulator = simulator or Simulator()

    async def all_closed(self):
        await asyncio.gather(*self._simulator.websocket_tasks)
        self._simulator.websocket_tasks = []
