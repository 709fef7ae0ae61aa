import asyncio

from .utils import _callback


class Dialog:
    def __init__(self):
        self._closing = None

    def close_later(self, delay):
        if self._closing:
            self._closing.cancel()

        async def closure():
            await asyncio.sleep(delay)

        self._closing = asyncio.ensure_future(closure())
        self._closing.add_done_callback(_callback)
