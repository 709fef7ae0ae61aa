"""The client imports only relatively."""

import asyncio

from .config import TIMEOUT


class Client:
    async def warm(self):
        await asyncio.sleep(TIMEOUT)

    def start(self):
        asyncio.create_task(self.warm())
