import asyncio

from .state import state


class Executor:
    def _receive_msg(self, msg) -> None:
        asyncio.ensure_future(self._receive_msg_async(msg))

    async def _receive_msg_async(self, msg) -> None:
        await asyncio.sleep(1)
        state.log(msg)
