import asyncio

from .retry import backoff


class Client:
    def __init__(self) -> None:
        asyncio.create_task(self.refresh())

    async def refresh(self) -> None:
        await asyncio.sleep(backoff(1))

    async def close(self, delay: float) -> None:
        await asyncio.sleep(0)
