"""The low-level module: the one the other imports."""

import asyncio


async def work():
    await asyncio.sleep(1)


class Connection:
    def __init__(self, loop):
        self.loop = loop

    def dispatch(self):
        self.loop.create_task(work())
