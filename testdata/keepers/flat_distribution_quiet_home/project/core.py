"""The low-level module: it drops no task, so it gains no helper for the other to import."""

import asyncio


async def work():
    await asyncio.sleep(1)


class Connection:
    def __init__(self, loop):
        self.loop = loop

    def dispatch(self):
        self.task = asyncio.create_task(work())
