import asyncio


class IPCClient:
    def __init__(self, session):
        self._session = session
        self._task = None
        self._is_connected = False

    async def _listen(self):
        while True:
            message = await self._websocket.receive()
            if message is None:
                self._is_connected = False
                await asyncio.sleep(10)
                # The task reconnects itself: its own `connect` replaces it while it runs.
                if not self._is_connected:
                    await self.connect()
                return

    async def connect(self):
        try:
            if self._is_connected:
                return
            self._websocket = await self._session.ws_connect("ws://localhost")
            self._task = asyncio.get_running_loop().create_task(self._listen())
            self._is_connected = True
        except OSError:
            raise Exception("Connection failed.")

    async def disconnect(self):
        self._is_connected = False
        self._task.cancel()


async def main(session):
    client = IPCClient(session)
    await client.connect()
    await client.disconnect()
