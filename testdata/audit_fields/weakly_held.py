import asyncio
import weakref

_running = weakref.WeakValueDictionary()


class BackgroundTaskManager:
    """Keeps its tasks only in a weak set, which holds none of them."""

    def __init__(self):
        self.tasks: weakref.WeakSet = weakref.WeakSet()
        self._closed = False

    def ensure_future(self, coroutine) -> asyncio.Future:
        if self._closed:
            raise RuntimeError("closed")
        t = asyncio.ensure_future(coroutine)
        self.tasks.add(t)
        return t

    def shutdown(self):
        self._closed = True
        for task in self.tasks:
            task.cancel()

    def start(self):
        self.ensure_future(asyncio.sleep(1))
        kept = self.ensure_future(asyncio.sleep(2))
        return kept

