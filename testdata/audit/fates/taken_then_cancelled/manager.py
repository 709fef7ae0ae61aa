import asyncio


class Popped:
    """`kill` takes the task out of the dict, then cancels it: its cleanup is held by nothing."""

    def __init__(self):
        self._live: dict[str, asyncio.Task[None]] = {}

    def create(self, task_id, runner):
        task = asyncio.create_task(runner.run())
        self._live[task_id] = task

    def kill(self, task_id):
        task = self._live.pop(task_id, None)
        if task is not None:
            task.cancel()


class PoppedInline:
    def __init__(self):
        self._live = {}

    def create(self, task_id, runner):
        self._live[task_id] = asyncio.create_task(runner.run())

    def kill(self, task_id):
        self._live.pop(task_id).cancel()


class Removed:
    def __init__(self):
        self._tasks: set[asyncio.Task[None]] = set()

    def create(self, runner):
        task = asyncio.create_task(runner.run())
        self._tasks.add(task)
        return task

    def kill(self, task):
        self._tasks.discard(task)
        task.cancel()


class Deleted:
    def __init__(self):
        self._live = {}

    def create(self, task_id, runner):
        self._live[task_id] = asyncio.create_task(runner.run())

    def kill(self, task_id):
        task = self._live[task_id]
        del self._live[task_id]
        task.cancel()


class LeftIn:
    """Left in the dict until its done callback takes it out: not this shape."""

    def __init__(self):
        self._live = {}

    def create(self, task_id, runner):
        task = asyncio.create_task(runner.run())
        self._live[task_id] = task
        task.add_done_callback(lambda _t, k=task_id: self._live.pop(k, None))

    def kill(self, task_id):
        task = self._live.get(task_id)
        if task is not None:
            task.cancel()


class PoppedAndAwaited:
    """Taken out, cancelled, and awaited: its cleanup is waited for."""

    def __init__(self):
        self._live = {}

    def create(self, task_id, runner):
        self._live[task_id] = asyncio.create_task(runner.run())

    async def kill(self, task_id):
        task = self._live.pop(task_id)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
