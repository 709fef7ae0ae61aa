import asyncio


class Server:
    """esbonio's shape: `__await__` starts the server once and returns the start task's own
    iterator, so whoever awaits the server awaits the task."""

    def __init__(self):
        self._startup_task = None

    async def start(self):
        await asyncio.sleep(0.1)
        return self

    def __await__(self):
        if self._startup_task is None:
            self._startup_task = asyncio.create_task(self.start())
        return self._startup_task.__await__()


async def main():
    server = Server()
    await server
