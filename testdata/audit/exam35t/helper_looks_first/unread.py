import asyncio


class Ticker:
    """Near miss: the helper called first never names the attribute."""

    def __init__(self):
        self.task = None
        self.count = 0

    def reset(self):
        self.count = 0

    def start(self):
        self.reset()
        self.task = asyncio.get_event_loop().create_task(self.run())

    async def run(self):
        await asyncio.sleep(1)

    async def stop(self):
        self.task.cancel()


def twice():
    t = Ticker()
    t.start()
    t.start()
