import asyncio
import threading

DONE = []


class Connection:
    def __init__(self, loop):
        self._loop = loop
        self._loop_thread = None

    def push(self, data):
        if self._loop_thread != threading.current_thread():
            asyncio.run_coroutine_threadsafe(self._push_msg(data), loop=self._loop)
        else:
            self._loop.create_task(self._push_msg(data))

    async def _push_msg(self, data):
        await asyncio.sleep(0.01)
        DONE.append(data)
