"""A task kept in one slot of a mapping: the slot is overwritten, not grown."""

import asyncio


class Shards:
    def __init__(self) -> None:
        self._ready: dict[int, asyncio.Task[None]] = {}

    def connect(self, shard: int) -> None:
        self._ready[shard] = asyncio.create_task(self._delay(shard))

    async def _delay(self, shard: int) -> None:
        await asyncio.sleep(shard)
