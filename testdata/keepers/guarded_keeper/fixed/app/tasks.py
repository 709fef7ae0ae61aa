import asyncio


class Closed(Exception):
    pass


class TaskManager:
    """py-xiaozhi's shape: no task while it shuts down, and the coroutine is dropped."""

    def __init__(self):
        self._tasks = set()
        self._running = True

    def spawn(self, coro, name="task"):
        if not self._running:
            return None
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def stop(self):
        self._running = False


class Closing:
    """hail's shape: a closed manager raises instead of making the task."""

    def __init__(self):
        self._tasks = set()
        self._closed = False

    def ensure_future(self, coro):
        if self._closed:
            raise Closed
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task


class Keeper:
    """Keeps every task it makes: the `return` is its own done callback's."""

    def __init__(self):
        self._tasks = set()
        self.failed = []

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)

        def _on_done(t):
            if t.cancelled():
                return
            if t.exception() is not None:
                self.failed.append(t)

        task.add_done_callback(_on_done)
        task.add_done_callback(self._tasks.discard)
        return task
