from asyncio import Task, create_task, gather
from collections import deque


async def work():
    return 1


class Dispatcher:
    async def run(self, indexes):
        tasks = deque()
        for index in indexes:
            tasks.append(index.process())
        await gather(*tasks)


class App:
    async def run(self):
        tasks: set[Task[None]] = set()
        await self._spawn(tasks)
        await self._background(tasks)
        if tasks:
            await gather(*tasks)

    async def _spawn(self, tasks: set[Task[None]]) -> None:
        tasks.add(create_task(work(), name="loop:spawn"))

    async def _background(self, tasks: set[Task[None]]) -> None:
        def _add_task(coro):
            tasks.add(create_task(coro))

        _add_task(work())
