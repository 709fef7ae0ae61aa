import asyncio


class Base:
    def __init__(self):
        self._tasks = set()

    def _run_task(self, coro, *, name=None):
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
