import asyncio
import logging

logger = logging.getLogger(__name__)


class SubscriptionRunner:
    def __init__(self):
        self.tasks = {}

    async def subscribe(self, role, trigger):
        loop = asyncio.get_running_loop()

        async def _start_role():
            async for msg in trigger:
                await role.run(msg)

        self.tasks[role] = loop.create_task(_start_role(), name=f"Subscription-{role}")

    async def unsubscribe(self, role):
        task = self.tasks.pop(role)
        task.cancel()

    async def run(self, raise_exception=True):
        # Reads the exception of each done task it keeps, then takes it out.
        while True:
            for role, task in self.tasks.items():
                if task.done():
                    if task.exception():
                        if raise_exception:
                            raise task.exception()
                        logger.error("Task %s failed", task.get_name())
                    self.tasks.pop(role)
                    break
            else:
                await asyncio.sleep(1)


class Poller:
    def __init__(self):
        self._jobs = set()

    def start(self, job):
        task = asyncio.create_task(job())
        self._jobs.add(task)

    async def prune(self):
        # Looks only at whether each is done: no exception is read.
        while True:
            for task in list(self._jobs):
                if task.done():
                    self._jobs.discard(task)
            await asyncio.sleep(1)
