import asyncio
import logging

logger = logging.getLogger(__name__)


class Player:
    def __init__(self) -> None:
        self.queue: dict[str, str] = {'mode': 'normal'}

    async def _auto_play(self, payload: str) -> None:
        logger.debug('auto play: %s', payload)
        await asyncio.sleep(0.001)

    def on_end(self, payload: str) -> None:
        asyncio.create_task(self._auto_play(payload))
