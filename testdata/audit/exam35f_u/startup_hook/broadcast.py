import asyncio


class Broadcast:
    async def connect(self):
        self._listener_task = asyncio.create_task(self._listener())

    async def disconnect(self):
        self._listener_task.cancel()

    async def _listener(self):
        await asyncio.sleep(1)


class Poller:
    async def start_polling(self):
        # Handed to `on_startup` with no shutdown hook beside it: nothing says it runs once.
        self._poll_task = asyncio.create_task(self._poll())

    async def stop_polling(self):
        self._poll_task.cancel()

    async def _poll(self):
        await asyncio.sleep(1)
