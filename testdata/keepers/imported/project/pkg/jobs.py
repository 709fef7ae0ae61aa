"""Imports the keeper's module by another name, unless the class has a keeper of its own."""

import asyncio

import pkg.util as u


async def work():
    await asyncio.sleep(0.001)


class Worker:
    def __init__(self):
        self._tasks = set()

    def _spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self):
        asyncio.create_task(work())


async def main():
    asyncio.create_task(work())
