import asyncio

from brokers.base import BaseBroker


class MockBroker(BaseBroker):
    async def disconnect(self) -> bool:
        self.connected = False
        return True

    async def reconnect(self) -> bool:
        await asyncio.sleep(1)
        return True
