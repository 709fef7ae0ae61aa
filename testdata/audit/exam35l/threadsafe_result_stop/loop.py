import asyncio
import threading


class EventLoop:
    # switchio's `EventLoop`: the listen loop runs on a loop in another thread; `_stop` tells it
    # to exit and blocks on the concurrent future's `result(10)`, which returns once the task
    # is done and raises its exception: the shutdown waits for it and retrieves it.
    def __init__(self, con):
        self._con = con
        self._entry_fut = None
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self):
        self._entry_fut = asyncio.run_coroutine_threadsafe(
            self._listen_forever(), loop=self.loop)

    async def _listen_forever(self):
        while self._con.connected():
            await asyncio.sleep(1)

    def _stop(self):
        self._con.disconnect()
        if self._entry_fut:
            self._entry_fut.result(10)


class Cancelling:
    # A `cancel()` first: `result()` then raises at once, without waiting for the task.
    def __init__(self, loop):
        self.loop = loop

    def start(self):
        self._fut = asyncio.run_coroutine_threadsafe(self._run(), self.loop)

    async def _run(self):
        while True:
            await asyncio.sleep(1)

    def stop(self):
        self._fut.cancel()
        self._fut.result(timeout=5)
