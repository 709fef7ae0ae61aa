from worker import Worker


class Pool:
    def __init__(self, worker: Worker):
        self.worker = worker

    async def restart(self):
        # The same worker, started again with no look at its task.
        await self.worker.start()

    def schedule(self, loop):
        # Handed on: its calls are not seen.
        loop.call_soon(self.worker.start_later)
