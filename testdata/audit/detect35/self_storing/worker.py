import asyncio

RUNNING = set()


class Worker:
    """Stores its own task after its first `await` (procrastinate's `Worker.run`)."""

    def __init__(self):
        self.run_task = None

    async def run(self):
        await self.register()
        self.run_task = asyncio.current_task()
        await asyncio.sleep(3600)

    async def register(self):
        await asyncio.sleep(0)


class Early:
    """Stores its own task in its first step."""

    def __init__(self):
        self.run_task = None

    async def run(self):
        self.run_task = asyncio.current_task()
        await asyncio.sleep(3600)


class Maybe:
    """Stores its own task on one path only."""

    async def run(self, keep):
        if keep:
            self.run_task = asyncio.current_task()
        await asyncio.sleep(3600)


async def serve():
    RUNNING.add(asyncio.current_task())
    await asyncio.sleep(3600)
