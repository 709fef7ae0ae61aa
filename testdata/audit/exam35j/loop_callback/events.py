"""Audit class 5 (coc.py `EventsClient._setup`): a loop over the holder, after the tasks are
added in the same function, adds a done callback to each task it visits; the callback reads the
exception and logs it: logged. A loop in another method may run before a task is added, so
the task it did not visit is not-retrieved."""

import asyncio
import logging

LOG = logging.getLogger(__name__)


async def poll(name):
    await asyncio.sleep(1)


class Events:
    def __init__(self, loop):
        self.loop = loop
        self._updaters = {}
        self._extra = {}

    def setup(self):
        self._updaters = {
            "clan": self.loop.create_task(poll("clan")),
            "war": self.loop.create_task(poll("war")),
        }

        for task in self._updaters.values():
            task.add_done_callback(self._check)

    def _check(self, fut):
        if fut.cancelled():
            return
        exception = fut.exception()
        if exception:
            LOG.exception("updater failed", exc_info=exception)

    def watch(self):
        for task in self._extra.values():
            task.add_done_callback(self._check)

    def add(self, name):
        self._extra[name] = self.loop.create_task(poll(name))

    async def close(self):
        for task in self._updaters.values():
            task.cancel()
        for task in self._extra.values():
            task.cancel()
