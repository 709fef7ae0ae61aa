"""Classes whose instances other modules hold in attributes and parameters: some methods
never suspend (their task finishes in its first step, which the loop holds), some may."""

import asyncio


class Coordinator:
    def __init__(self):
        self._task = None

    async def start_monitoring(self):
        if self._task and not self._task.done():
            return
        self._task = asyncio.create_task(self._monitor())

    async def _monitor(self):
        while True:
            await asyncio.sleep(1)

    async def flush(self):
        await asyncio.sleep(1)


class Base:
    async def start_monitoring(self):
        print("base")


class Derived(Base):
    async def start_monitoring(self):
        print("derived")


def make_coordinator():
    return Coordinator()
