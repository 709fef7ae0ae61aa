import asyncio

from ...errors import PluginError


class Mood:
    async def _update(self) -> None:
        await asyncio.sleep(1)

    async def start(self) -> None:
        if not isinstance(self, PluginError):
            asyncio.create_task(self._update())
