import asyncio


class Pool:
    """A method of the class keeps what it is handed: its caller's task is kept by the set."""

    def __init__(self):
        self._store = set()

    async def serve(self, handler):
        task = asyncio.get_running_loop().create_task(handler())
        await asyncio.sleep(0)
        self._add(task)

    def _add(self, task):
        task.add_done_callback(self._store.discard)
        self._store.add(task)

    async def close(self):
        for task in tuple(self._store):
            task.cancel()
        await asyncio.gather(*self._store, return_exceptions=True)
