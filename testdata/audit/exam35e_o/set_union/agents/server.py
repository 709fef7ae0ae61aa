import asyncio


class Server:
    """Two lists of tasks, stopped through their concatenation (mqtt-io's shutdown)."""

    def __init__(self):
        self.critical_tasks = []
        self.transient_tasks = []

    def run_critical(self, coro):
        self.critical_tasks.append(asyncio.create_task(coro))

    def run_transient(self, coro):
        self.transient_tasks.append(asyncio.create_task(coro))

    async def shutdown(self):
        our_tasks = self.critical_tasks + self.transient_tasks
        for task in our_tasks:
            task.cancel()
        await asyncio.gather(*our_tasks, return_exceptions=True)
