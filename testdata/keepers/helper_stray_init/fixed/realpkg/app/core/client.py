import asyncio

from .._background import keep_task
from .retry import backoff


class Client:
    def __init__(self) -> None:
        keep_task(asyncio.create_task(self.refresh()))

    async def refresh(self) -> None:
        await asyncio.sleep(backoff(1))

    async def close(self, delay: float) -> None:
        await asyncio.sleep(0)
