"""The client imports only relatively."""

import asyncio

from .._background import keep_task
from .config import TIMEOUT


class Client:
    async def warm(self):
        await asyncio.sleep(TIMEOUT)

    def start(self):
        keep_task(asyncio.create_task(self.warm()))
