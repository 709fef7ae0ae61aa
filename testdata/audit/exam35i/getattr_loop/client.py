import asyncio


class LiteClient:
    def __init__(self):
        self.listener = None
        self.pinger = None
        self.updater = None
        self.reader = None

    async def connect(self):
        self.listener = asyncio.create_task(self.listen())
        self.pinger = asyncio.create_task(self.ping())
        self.updater = asyncio.create_task(self.update())
        # Outside the loop's literal: its shutdown reads a name the text does not prove.
        self.reader = asyncio.create_task(self.read())

    async def __aenter__(self):
        await self.connect()
        return self

    async def listen(self):
        await asyncio.sleep(1)

    async def ping(self):
        await asyncio.sleep(1)

    async def update(self):
        await asyncio.sleep(1)

    async def read(self):
        await asyncio.sleep(1)

    async def close(self):
        current = asyncio.current_task()
        for task_name in ("pinger", "updater", "listener"):
            task = getattr(self, task_name, None)
            if task is None:
                continue
            if task is not current and not task.done():
                task.cancel()
            if task is not current:
                try:
                    await asyncio.wait_for(task, timeout=1.0)
                except (asyncio.CancelledError, Exception):
                    pass
            setattr(self, task_name, None)
        for other in self.names():
            left = getattr(self, other, None)
            if left is not None:
                left.cancel()

    def names(self):
        return ["reader"]
