import asyncio

from nwp500.exceptions import AuthenticationError

from .const import DOMAIN


class Coordinator:
    async def _reconnect(self) -> None:
        await asyncio.sleep(1)

    def force_reconnect(self) -> None:
        try:
            asyncio.create_task(self._reconnect())
        except AuthenticationError:
            print(DOMAIN)
