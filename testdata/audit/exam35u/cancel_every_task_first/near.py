import asyncio


class Partial:
    """The loop cancels only some of the tasks: the restart stays cited."""

    def __init__(self):
        self.poll_tasks = []

    async def post_start(self):
        self.poll_tasks = [asyncio.create_task(self.poll())]

    async def restart_async(self):
        for task in self.poll_tasks:
            if task.get_name() == "shell":
                task.cancel()
        await self.post_start()

    async def poll(self):
        await asyncio.sleep(1)


class Skips:
    """A `break` may leave a task live: still cited."""

    def __init__(self):
        self.poll_tasks = []

    async def post_start(self):
        self.poll_tasks = [asyncio.create_task(self.poll())]

    async def restart_async(self, last):
        for task in self.poll_tasks:
            if task is last:
                break
            task.cancel()
        await self.post_start()

    async def poll(self):
        await asyncio.sleep(1)


class OtherHolder:
    """The loop cancels another holder's tasks: still cited."""

    def __init__(self):
        self.poll_tasks = []
        self.timers = []

    async def post_start(self):
        self.poll_tasks = [asyncio.create_task(self.poll())]

    async def restart_async(self):
        for task in self.timers:
            task.cancel()
        await self.post_start()

    async def stop(self):
        for task in self.poll_tasks:
            task.cancel()

    async def poll(self):
        await asyncio.sleep(1)
