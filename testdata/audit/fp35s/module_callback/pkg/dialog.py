"""mlsip's `dialog.py`: the done callback is spelled through the module, `utils._callback`,
after `from . import utils`; its body reads `f.result()` and logs the exception, as it does
when imported by name (`from .utils import _callback`)."""

import asyncio

from . import utils


class Dialog:
    def __init__(self):
        self._closing = None
        self._other = None

    def close_later(self, delay):
        if self._closing:
            self._closing.cancel()

        async def closure():
            await asyncio.sleep(delay)

        self._closing = asyncio.ensure_future(closure())
        self._closing.add_done_callback(utils._callback)

    def close_quietly(self, delay):
        self._other = asyncio.ensure_future(asyncio.sleep(delay))
        self._other.add_done_callback(utils._quiet)
