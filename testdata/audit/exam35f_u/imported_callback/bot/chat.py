import asyncio
from functools import partial

from bot.helper import done_quietly, done_task_callback


class Chat:
    def __init__(self, logger):
        self.logger = logger
        self._task_callback = partial(done_task_callback, self.logger)

    async def handle(self, handler):
        # `partial` calls `done_task_callback` of bot/helper.py, which logs `task.exception()`.
        t = asyncio.ensure_future(handler())
        t.add_done_callback(self._task_callback)

    async def handle_directly(self, handler):
        t = asyncio.ensure_future(handler())
        t.add_done_callback(partial(done_task_callback, self.logger))

    async def handle_quietly(self, handler):
        # Its callback reads nothing of the outcome: not retrieved.
        t = asyncio.ensure_future(handler())
        t.add_done_callback(done_quietly)
