import asyncio


class Pump:
    """Near miss: the async helper that looks at the task is called, never awaited: its body
    does not run before the binding."""

    def __init__(self):
        self.task = None

    async def stop(self):
        if self.task is not None:
            self.task.cancel()

    def start(self):
        self.stop()
        self.task = asyncio.get_event_loop().create_task(self.run())

    async def run(self):
        await asyncio.sleep(1)


def twice():
    p = Pump()
    p.start()
    p.start()


class Awaited:
    """The same helper, awaited: it looks first."""

    def __init__(self):
        self.task = None

    async def stop(self):
        if self.task is not None:
            self.task.cancel()

    async def start(self):
        await self.stop()
        self.task = asyncio.get_event_loop().create_task(self.run())

    async def run(self):
        await asyncio.sleep(1)


async def again():
    a = Awaited()
    await a.start()
    await a.start()
