import asyncio
import threading

from ._background import keep_task

DONE = []


class Connection:
    def __init__(self, loop):
        self._loop = loop
        self._loop_thread = None

    def push(self, data):
        if self._loop_thread != threading.current_thread():
            keep_task(
                asyncio.run_coroutine_threadsafe(self._push_msg(data), loop=self._loop)
            )
        else:
            keep_task(self._loop.create_task(self._push_msg(data)))

    async def _push_msg(self, data):
        await asyncio.sleep(0.01)
        DONE.append(data)
