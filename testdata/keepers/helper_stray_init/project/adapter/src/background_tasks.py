import asyncio

from .logger import logger


class BackgroundTaskManager:
    def start(self) -> None:
        asyncio.create_task(self._delayed_start())

    async def _delayed_start(self) -> None:
        await asyncio.sleep(1)
        logger.info("started")
