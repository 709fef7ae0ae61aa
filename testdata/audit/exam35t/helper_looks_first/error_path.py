import asyncio


class Client:
    """Near miss: the helper that looks at the task runs only on the error path (aiohttp-rpc's
    `connect`): on the path to the binding nothing looks at the old task."""

    def __init__(self, session):
        self.session = session
        self.worker = None
        self.ws = None

    async def disconnect(self):
        if self.worker is not None:
            self.worker.cancel()
            await self.worker

    async def connect(self):
        try:
            self.ws = await self.session.ws_connect()
        except Exception:
            await self.disconnect()
            raise
        self.worker = asyncio.create_task(self.read())

    async def read(self):
        await asyncio.sleep(1)


class Sessions:
    """A helper handed the object whose attribute is bound looks at its task first."""

    def __init__(self):
        self.pumps = 0

    async def _terminate(self, session):
        if session.pump_task is not None:
            session.pump_task.cancel()

    async def restart(self, session):
        await self._terminate(session)
        session.pump_task = asyncio.create_task(self.pump())

    async def swap(self, session, other):
        # Near miss: the helper is handed another object.
        await self._terminate(other)
        session.pump_task = asyncio.create_task(self.pump())

    async def pump(self):
        await asyncio.sleep(1)


async def main(session, other):
    c = Client(session)
    await c.connect()
    await c.connect()
    s = Sessions()
    await s.restart(session)
    await s.restart(session)
    await s.swap(session, other)
    await s.swap(session, other)
