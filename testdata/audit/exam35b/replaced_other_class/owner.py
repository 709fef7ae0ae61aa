import asyncio


class Protocol(asyncio.DatagramProtocol):
    def open_client(self):
        self._lport = asyncio.ensure_future(self._connect())
        return self

    def close(self):
        self._lport.cancel()

    async def _connect(self):
        await asyncio.sleep(1)


class Listener:
    def listen(self):
        self._task = asyncio.ensure_future(self._serve())

    def close(self):
        self._task.cancel()

    async def _serve(self):
        await asyncio.sleep(1)
