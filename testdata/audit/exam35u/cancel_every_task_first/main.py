import asyncio


class Kernel:
    """`restart_async` cancels every poll task before `post_start` makes new ones."""

    def __init__(self):
        self.poll_tasks: list[asyncio.Task] = []

    async def start_async(self):
        await self.post_start()

    async def post_start(self):
        self.poll_tasks = [
            asyncio.create_task(self.poll("shell")),
            asyncio.create_task(self.poll("iopub")),
        ]

    async def restart_async(self):
        for task in self.poll_tasks:
            task.cancel()
        self.status = "starting"
        try:
            await self.post_start()
        except RuntimeError:
            await self.start_async()

    async def stop_async(self):
        for task in self.poll_tasks:
            task.cancel()

    async def poll(self, channel):
        while True:
            await asyncio.sleep(1)


class Listed:
    """A comprehension cancels each, and a loop each still running."""

    def __init__(self):
        self.tasks = []

    async def start(self):
        self.tasks = [asyncio.create_task(self.poll())]

    async def restart(self):
        [t.cancel() for t in self.tasks]
        await self.start()

    async def resume(self):
        for t in self.tasks:
            if not t.done():
                t.cancel()
        await self.start()

    async def poll(self):
        await asyncio.sleep(1)
