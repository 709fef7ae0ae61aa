import asyncio
from typing import Any, Optional, cast

_HANDLER = asyncio.Task[None]


class Client:
    def __init__(self):
        self._handler_task: Optional[_HANDLER] = None

    async def _handler(self):
        await asyncio.sleep(1)

    async def open(self):
        self._handler_task = asyncio.create_task(self._handler())

    async def close(self):
        # `cast` returns its second argument: this cancels the task.
        cast(_HANDLER, self._handler_task).cancel()
        self._handler_task = None


async def main():
    client = Client()
    await client.open()
    await client.close()


class Replacing:
    def __init__(self):
        self._task: Any = None

    async def _run(self):
        await asyncio.sleep(1)

    def start(self):
        self._task = asyncio.create_task(self._run())

    def restart(self):
        # A cancel that makes room for a new task is no shutdown.
        cast(asyncio.Task, self._task).cancel()
        self._task = asyncio.create_task(self._run())
