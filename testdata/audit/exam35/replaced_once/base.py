import asyncio


class Poller:
    def __init__(self):
        self._poll = None

    def _start_polling(self):
        self._poll = asyncio.ensure_future(self._loop())

    async def _loop(self):
        await asyncio.sleep(0)

    async def aclose(self):
        self._poll.cancel()
        await asyncio.gather(self._poll, return_exceptions=True)
