"""A cache refreshed in the background."""

import asyncio

from .tasks import spawn


class Cache:
    async def refresh(self):
        await asyncio.Event().wait()

    def schedule(self):
        spawn(self.refresh())
