# Issue 35, "Reads that are reads": each read below keeps its tasks (never `dying-container`).
import asyncio


async def work(n):
    await asyncio.sleep(n)


async def wait_slice(jobs):
    tasks = []
    for job in jobs:
        tasks.append(asyncio.create_task(work(job)))
    await asyncio.wait(tasks[:5])


async def await_index(jobs, i):
    tasks = []
    for job in jobs:
        tasks.append(asyncio.create_task(work(job)))
    await tasks[i]


async def poll_all(jobs):
    tasks = []
    for job in jobs:
        tasks.append(asyncio.create_task(work(job)))
    while not all(t.done() for t in tasks):
        await asyncio.sleep(0.1)


class Owner:
    def __init__(self):
        self._x = set()
        self._a = set()
        self._b = set()

    def start(self, n):
        self._x.add(asyncio.create_task(work(n)))
        self._a.add(asyncio.create_task(work(n)))
        self._b.add(asyncio.create_task(work(n)))

    async def close(self):
        for t in list(self._x):
            t.cancel()
        for t in self._a | self._b:
            t.cancel()
        await asyncio.gather(*self._x, *(self._a | self._b), return_exceptions=True)
