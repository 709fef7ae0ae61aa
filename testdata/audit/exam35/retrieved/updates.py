import asyncio
import logging

logger = logging.getLogger(__name__)


class Updater:
    def __init__(self):
        self.items = []
        self._future = None
        self._other = None

    def _update_callback(self, task_: "asyncio.Task[list]") -> None:
        self.items = task_.result()
        for item in self.items:
            logger.debug("Got item %s.", item)

    def _other_callback(self, task_):
        exc = task_.exception()
        if exc is not None:
            logger.error("update failed: %s", exc)

    async def update(self):
        if self._future is None or self._future.done():
            self._future = asyncio.get_running_loop().create_task(self._fetch())
            self._future.add_done_callback(self._update_callback)
        if self._other is None or self._other.done():
            self._other = asyncio.get_running_loop().create_task(self._fetch())
            self._other.add_done_callback(self._other_callback)

    async def _fetch(self):
        await asyncio.sleep(0)
        return []
