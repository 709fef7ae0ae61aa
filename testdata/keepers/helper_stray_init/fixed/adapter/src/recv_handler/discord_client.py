import asyncio

from .._background import keep_task
from ..logger import logger


class DiscordClient:
    async def force_reconnect(self) -> None:
        logger.info("reconnecting")
        keep_task(asyncio.create_task(self._reconnect_client()))

    async def _reconnect_client(self) -> None:
        await asyncio.sleep(1)
        logger.info("reconnected")
