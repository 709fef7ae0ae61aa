import asyncio


class Mass:
    def __init__(self):
        self._tasks = set()

    def create_task(self, target, name=None):
        task = asyncio.get_running_loop().create_task(target, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
