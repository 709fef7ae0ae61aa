import asyncio

from ..._background import keep_task
from ...errors import PluginError


class Mood:
    async def _update(self) -> None:
        await asyncio.sleep(1)

    async def start(self) -> None:
        if not isinstance(self, PluginError):
            keep_task(asyncio.create_task(self._update()))
