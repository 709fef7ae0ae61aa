import asyncio
from functools import partial


def done_task_callback(logger, task):
    e = task.exception()
    if e is not None:
        logger.exception("Error", exc_info=e)


class Chat:
    def __init__(self, logger):
        self.logger = logger
        self._task_callback = partial(done_task_callback, self.logger)

    async def handle(self, handler):
        t = asyncio.ensure_future(handler())
        t.add_done_callback(self._task_callback)


class Rebound:
    # Bound twice: which function the callback calls is not one value.
    def __init__(self, logger):
        self._cb = partial(done_task_callback, logger)

    def quiet(self):
        self._cb = print

    async def handle(self, handler):
        t = asyncio.ensure_future(handler())
        t.add_done_callback(self._cb)
