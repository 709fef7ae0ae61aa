import asyncio


class Engine:
    async def stop(self):
        pending = list(
            getattr(self, "_retry_tasks", {}).values()
        )
        for task in pending:
            if not task.done():
                task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

    def schedule_retry(self, key):
        tasks = getattr(self, "_retry_tasks", None)
        if tasks is None:
            tasks = {}
            self._retry_tasks = tasks
        previous = tasks.get(key)
        if previous and not previous.done():
            return
        task = asyncio.create_task(self._retry(key))
        tasks[key] = task

    async def _retry(self, key):
        await asyncio.sleep(1)

    def schedule_other(self, key):
        tasks = self._other_tasks
        tasks[key].cancel()


class Helper:
    def __init__(self):
        self._bg_tasks = set()

    async def consume(self, queue):
        bg_tasks = self._bg_tasks
        while True:
            job = await queue.get()
            task = asyncio.create_task(job())
            bg_tasks.add(task)
            task.add_done_callback(bg_tasks.discard)
