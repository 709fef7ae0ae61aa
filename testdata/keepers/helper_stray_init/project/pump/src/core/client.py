import asyncio

from utils.logger import get_logger

logger = get_logger(__name__)


class SolanaClient:
    def __init__(self, url: str) -> None:
        self.url = url
        self._blockhash_lock = asyncio.Lock()
        asyncio.create_task(self.start_blockhash_updater())

    async def start_blockhash_updater(self, interval: float = 5.0) -> None:
        while True:
            async with self._blockhash_lock:
                logger.debug("blockhash from %s", self.url)
            await asyncio.sleep(interval)

    async def close(self) -> None:
        pass
