"""A cache refreshed in the background."""

import asyncio

from .tasks import spawn


class Cache:
    async def refresh(self):
        await asyncio.sleep(60)

    def schedule(self):
        spawn(self.refresh())
