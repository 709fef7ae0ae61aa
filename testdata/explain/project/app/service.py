"""The service: starts its jobs."""

import asyncio

from .jobs import push_metrics, worker


class Session:
    def __init__(self):
        self._task = None

    async def _heartbeat(self):
        while True:
            await asyncio.sleep(30)

    def start(self):
        self._task = asyncio.create_task(self._heartbeat())

    async def close(self):
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)


def start_workers(queue):
    asyncio.create_task(worker(queue))


def start_more(queue):
    task = asyncio.create_task(worker(queue))
    return task


def report(batch):
    asyncio.ensure_future(push_metrics(batch))
