import asyncio


class TaskGroup(asyncio.TaskGroup):
    """pulsefire's shape: `create_task` waits for the semaphore, so it is a coroutine."""

    def __init__(self, semaphore=None):
        super().__init__()
        self.semaphore = semaphore

    async def create_task(self, coro, *, name=None, context=None):
        if self.semaphore:
            await self.semaphore.acquire()
        return super().create_task(coro, name=name, context=context)
