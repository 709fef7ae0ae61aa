"""Audit class 9: the concurrent future `run_coroutine_threadsafe` returns, kept on `self`,
cancelled in a synchronous `close` and then its `result()` read under `except
CancelledError`: if the handler failed before, `cancel()` does nothing and `result()` raises
its exception: retrieved. A shutdown that only cancels it reads nothing: not-retrieved."""

import asyncio
import threading
from concurrent.futures import CancelledError


class EventHandler:
    def __init__(self, conn):
        self._conn = conn

    def start(self):
        self._thread = threading.Thread(target=self._run_thread, daemon=True)
        self._thread.start()

    def _run_thread(self):
        self.event_future = asyncio.run_coroutine_threadsafe(
            self._handle_event_stream(), self._conn.loop
        )

    async def _handle_event_stream(self):
        while True:
            await asyncio.sleep(1)

    def close(self):
        try:
            self.event_future.cancel()
            self.event_future.result()
        except CancelledError:
            pass


class Forgetful:
    def __init__(self, conn):
        self._conn = conn

    def run(self):
        self.stream = asyncio.run_coroutine_threadsafe(self._stream(), self._conn.loop)

    async def _stream(self):
        while True:
            await asyncio.sleep(1)

    def close(self):
        self.stream.cancel()
