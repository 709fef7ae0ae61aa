import asyncio


class LocalServer:
    def __init__(self):
        self._task = None

    async def start(self):
        self._task = asyncio.create_task(self.serve())

    async def stop(self):
        await self._task

    async def serve(self):
        await asyncio.sleep(1)


class Queue:
    """A model whose own field is called `start`: reading it calls nothing."""

    def __init__(self, start):
        self.start = start

    def to_simplified_dict(self):
        return {"start": self.start}


async def main():
    server = LocalServer()
    await server.start()
    await server.stop()


class Handler:
    def __init__(self, server: LocalServer):
        self.server = server

    def callbacks(self):
        # The method itself, handed on: whoever calls it may run it again.
        return {"start": self.server.start}
