"""A class named `Subscription` here, not derived from the other: no override of its methods."""

import asyncio


class Subscription:
    async def _schedule(self) -> None:
        await asyncio.sleep(1)
