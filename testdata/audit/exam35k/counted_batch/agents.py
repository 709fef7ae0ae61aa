import asyncio


class Gatherer:
    """A counted batch of workers, gathered in full before `run` returns: the list holds
    that batch, not a task for every target."""

    def __init__(self, workers):
        self.workers = workers
        self.worker_tasks = []
        self.queue = asyncio.Queue()

    async def worker(self):
        while True:
            target = await self.queue.get()
            if target is None:
                return
            await asyncio.sleep(1)

    async def terminate(self):
        for worker in self.worker_tasks:
            worker.cancel()

    async def run(self, targets):
        for _ in range(self.workers):
            self.worker_tasks.append(asyncio.create_task(self.worker()))
        for target in targets:
            await self.queue.put(target)
        for _ in range(self.workers):
            await self.queue.put(None)
        await asyncio.gather(*self.worker_tasks, return_exceptions=True)


class Collector:
    """Filled in a counted batch by `run`, waited for in full by `stop` (under `wait_for`)."""

    def __init__(self, count):
        self.count = count
        self.agents = []

    async def agent(self):
        await asyncio.sleep(1)

    async def stop(self):
        try:
            await asyncio.wait_for(asyncio.gather(*self.agents), 10)
        except asyncio.TimeoutError:
            for agent in self.agents:
                agent.cancel()

    async def run(self):
        for _ in range(self.count):
            self.agents.append(asyncio.create_task(self.agent()))
        await self.stop()


class Server:
    """One task for every connection, gathered only at the end: the list grows with every
    connection while the server runs."""

    def __init__(self):
        self.handlers = []

    async def handle(self, reader):
        await asyncio.sleep(1)

    async def serve(self, connections):
        async for reader in connections:
            self.handlers.append(asyncio.create_task(self.handle(reader)))
        await asyncio.gather(*self.handlers)

    async def burst(self):
        while True:
            for _ in range(3):
                self.handlers.append(asyncio.create_task(self.handle(None)))
            await asyncio.sleep(1)
