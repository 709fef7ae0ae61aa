import asyncio


class IPCClient:
    def __init__(self):
        self._task = None

    async def connect(self):
        await asyncio.sleep(1)
        self._task = asyncio.create_task(self._listen())

    async def _listen(self):
        while True:
            await asyncio.sleep(1)

    async def disconnect(self):
        self._task.cancel()


async def reconnect_forever(client: IPCClient):
    while True:
        await client.connect()
        await asyncio.sleep(1)
