import asyncio


class SchedulerLoop:
    def __init__(self):
        self.scheduled = []
        self._update_future = None

    def _update_callback(self, task_):
        self.scheduled = task_.result()

    async def _update(self):
        if self._update_future is not None and not self._update_future.done():
            return
        self._update_future = asyncio.get_running_loop().create_task(
            self._fetch(),
        )
        self._update_future.add_done_callback(
            self._update_callback,
        )

    async def _fetch(self):
        await asyncio.sleep(0)
        return []
